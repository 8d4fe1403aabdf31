//! The language server spoken to over in-memory pipes, with Content-Length framed JSON-RPC as a
//! real client sends it; every reply is checked as exact JSON.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};
use tower_lsp_server::Server;

struct Client {
    reader: BufReader<ReadHalf<DuplexStream>>,
    writer: WriteHalf<DuplexStream>,
    next_id: i64,
}

impl Client {
    async fn start() -> Client {
        let (client, server) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server);
        let (service, socket) = apigw_server::service();
        tokio::spawn(Server::new(server_read, server_write, socket).serve(service));
        let (reader, writer) = tokio::io::split(client);
        Client { reader: BufReader::new(reader), writer, next_id: 1 }
    }

    async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer.write_all(frame.as_bytes()).await.unwrap();
    }

    async fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).await.unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        loop {
            let message = self.receive().await;
            if message["id"] == id {
                return message;
            }
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// The next request the server sends of a method, answered with an empty result.
    async fn server_request(&mut self, method: &str) -> Value {
        loop {
            let message = self.receive().await;
            if message["method"] == method && message.get("id").is_some() {
                self.send(json!({"jsonrpc": "2.0", "id": message["id"], "result": null})).await;
                return message["params"].clone();
            }
        }
    }

    /// The next diagnostics published for a document, skipping other notifications.
    async fn diagnostics(&mut self) -> Value {
        loop {
            let message = self.receive().await;
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }

    async fn initialize(&mut self, encodings: &[&str]) -> Value {
        let reply = self
            .request("initialize", json!({"capabilities": {"general": {"positionEncodings": encodings}}}))
            .await;
        self.notify("initialized", json!({})).await;
        reply
    }

    async fn shutdown(mut self) {
        let reply = self.request("shutdown", Value::Null).await;
        assert_eq!(reply["result"], Value::Null);
        self.notify("exit", Value::Null).await;
    }
}

const URI: &str = "file:///work/api/template.yaml";

const TEMPLATE: &str = "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: orders, ProtocolType: HTTP}\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties:\n      ApiId: !Ref Api\n      StageName: prod v1 # é\n      AutoDeploy: true\n      AccessLogSettings: {DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api, Format: $context.requestId}\n";

async fn open(client: &mut Client, text: &str) {
    let document = json!({"uri": URI, "languageId": "yaml", "version": 1, "text": text});
    client.notify("textDocument/didOpen", json!({"textDocument": document})).await;
}

#[tokio::test]
async fn negotiates_utf8_when_offered() {
    let mut client = Client::start().await;
    let reply = client.initialize(&["utf-8", "utf-16"]).await;
    assert_eq!(reply["result"]["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(reply["result"]["capabilities"]["textDocumentSync"], json!({"openClose": true, "change": 2}));
    client.shutdown().await;
    let mut client = Client::start().await;
    let reply = client.initialize(&[]).await;
    assert_eq!(reply["result"]["capabilities"]["positionEncoding"], "utf-16");
    client.shutdown().await;
}

#[tokio::test]
async fn diagnostics_follow_edits_and_clear_on_close() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, TEMPLATE).await;
    let published = client.diagnostics().await;
    assert_eq!(
        published,
        json!({
            "uri": URI,
            "version": 1,
            "diagnostics": [{
                "range": {"start": {"line": 8, "character": 17}, "end": {"line": 8, "character": 24}},
                "severity": 1,
                "code": "AGW301",
                "codeDescription": {"href": "https://apigw-lint.dev/rules/AGW301"},
                "source": "apigw-lint",
                "message": published["diagnostics"][0]["message"].clone(),
            }]
        })
    );
    assert!(published["diagnostics"][0]["message"].as_str().unwrap().starts_with("stage name `prod v1`"), "{published}");

    // Replace the space: `prod v1` becomes `prod-v1`.
    let change = json!({"range": {"start": {"line": 8, "character": 21}, "end": {"line": 8, "character": 22}}, "text": "-"});
    client
        .notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [change]}))
        .await;
    assert_eq!(client.diagnostics().await, json!({"uri": URI, "version": 2, "diagnostics": []}));

    client.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}})).await;
    assert_eq!(client.diagnostics().await, json!({"uri": URI, "diagnostics": []}));
    client.shutdown().await;
}

#[tokio::test]
async fn the_last_version_wins_when_edits_come_fast() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, TEMPLATE).await;
    client.diagnostics().await;
    for version in 2..=30 {
        let text = if version % 2 == 0 { TEMPLATE.replace("prod v1", "prod") } else { TEMPLATE.to_string() };
        let change = json!({"text": text});
        client
            .notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [change]}))
            .await;
    }
    let mut last = client.diagnostics().await;
    while last["version"] != 30 {
        assert!(last["version"].as_i64().unwrap() < 30);
        last = client.diagnostics().await;
    }
    assert_eq!(last["diagnostics"], json!([]));
    client.shutdown().await;
}

#[tokio::test]
async fn quick_fix_and_fix_all_are_minimal_edits() {
    let text = "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: orders, ProtocolType: HTTP}\n  Integration:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties:\n      ApiId: !Ref Api\n      IntegrationType: AWS_PROXY\n      IntegrationUri: arn:aws:lambda:us-east-1:123456789012:function:orders # the backend\n";
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, text).await;
    let published = client.diagnostics().await;
    let codes: Vec<&str> = published["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"AGW204"), "{published}");
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 10, "character": 0}});
    let reply = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": whole, "context": {"diagnostics": [], "only": ["quickfix"]}}),
        )
        .await;
    let actions = reply["result"].as_array().unwrap();
    let fix = actions.iter().find(|action| action["title"] == "Add `PayloadFormatVersion: \"2.0\"`").expect("the AGW204 fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(
        fix["edit"]["changes"][URI],
        json!([{"range": {"start": {"line": 9, "character": 89}, "end": {"line": 9, "character": 89}}, "newText": "\n      PayloadFormatVersion: \"2.0\""}])
    );
    let reply = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": whole, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        )
        .await;
    let fix_all = &reply["result"][0];
    assert_eq!(fix_all["kind"], "source.fixAll.apigw-lint");
    assert_eq!(
        fix_all["edit"]["changes"][URI],
        json!([{"range": {"start": {"line": 10, "character": 0}, "end": {"line": 10, "character": 0}}, "newText": "      PayloadFormatVersion: \"2.0\"\n"}])
    );
    client.shutdown().await;
}

#[tokio::test]
async fn files_that_are_not_templates_get_no_diagnostics_and_bad_requests_no_crash() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    let compose = json!({"uri": "file:///w/docker-compose.yaml", "languageId": "yaml", "version": 1, "text": "services: [oops\n"});
    client.notify("textDocument/didOpen", json!({"textDocument": compose})).await;
    assert_eq!(client.diagnostics().await, json!({"uri": "file:///w/docker-compose.yaml", "version": 1, "diagnostics": []}));
    // An edit of a document that is not open, and one far out of range: neither may crash.
    let change = json!({"range": {"start": {"line": 900, "character": 9}, "end": {"line": 901, "character": 0}}, "text": "x"});
    client
        .notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nope.yaml", "version": 2}, "contentChanges": [change]}))
        .await;
    client
        .notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///w/docker-compose.yaml", "version": 2}, "contentChanges": [change]}))
        .await;
    let reply = client.request("textDocument/codeAction", json!({"textDocument": {"uri": "file:///nope.yaml"}})).await;
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
    client.shutdown().await;
}

/// Hover on a diagnostic: its message, why the rule matters and a link to the rule's page, not
/// the whole page under a large heading.
#[tokio::test]
async fn hover_on_a_diagnostic_explains_it_and_links_its_rule_page() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, TEMPLATE).await;
    client.diagnostics().await;
    let at = json!({"textDocument": {"uri": URI}, "position": {"line": 8, "character": 19}});
    let reply = client.request("textDocument/hover", at).await;
    let text = format!(
        "{}\n\n**Why:** {}\n\n{}",
        stage_name_diagnostic(1)["message"].as_str().unwrap(),
        "The stage name is the first segment of the invoke URL, and API Gateway accepts only these characters (\"Stage names can contain only alphanumeric characters, hyphens, and underscores, or be $default. Maximum length is 128 characters.\"). CloudFormation fails the stage at deploy time.",
        "[AGW301 invalid-stage-name](https://apigw-lint.dev/rules/AGW301)",
    );
    assert_eq!(
        reply["result"],
        json!({
            "contents": {"kind": "markdown", "value": text},
            "range": {"start": {"line": 8, "character": 17}, "end": {"line": 8, "character": 24}},
        })
    );
    let elsewhere = json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}});
    assert_eq!(client.request("textDocument/hover", elsewhere).await["result"], Value::Null);
    client.shutdown().await;
}

/// The editor honours a project's apigw-lint.toml and its suppressions, as the CLI does.
#[tokio::test]
async fn configuration_and_suppressions_are_honoured() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-lsp-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("apigw-lint.toml"), "[severity]\nAGW301 = \"info\"\n").unwrap();
    let uri = format!("file://{}/template.yaml", dir.display());
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    let document = json!({"uri": uri, "languageId": "yaml", "version": 1, "text": TEMPLATE});
    client.notify("textDocument/didOpen", json!({"textDocument": document})).await;
    let published = client.diagnostics().await;
    assert_eq!(published["diagnostics"][0]["code"], "AGW301");
    assert_eq!(published["diagnostics"][0]["severity"], 3, "configured as info");
    let suppressed = TEMPLATE.replace("# é", "# apigw-lint: ignore[AGW301]");
    let change = json!({"text": suppressed});
    client
        .notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [change]}))
        .await;
    assert_eq!(client.diagnostics().await["diagnostics"], json!([]));
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

const NAVIGATION: &str = "Parameters:\n  Name: {Type: String}\nResources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: !Ref Name, ProtocolType: HTTP}\n  Integration:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties: {ApiId: !Ref Api, IntegrationType: HTTP_PROXY, IntegrationMethod: GET, IntegrationUri: https://example.com}\n  Route:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      ApiId: !GetAtt Api.ApiId\n      RouteKey: GET /pets\n      Target: !Sub integrations/${Integration}\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    DependsOn: Route\n    Properties: {ApiId: !Ref Api, StageName: $default, AutoDeploy: true}\n";

fn position(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

fn location(line: u32, start: u32, end: u32) -> Value {
    json!({"uri": URI, "range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}})
}

#[tokio::test]
async fn definitions_and_references_of_logical_ids() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, NAVIGATION).await;
    client.diagnostics().await;
    // `Integration` inside the Sub string, the `Api` of `!GetAtt Api.ApiId`, a parameter.
    assert_eq!(client.request("textDocument/definition", position(14, 36)).await["result"], location(6, 2, 13));
    assert_eq!(client.request("textDocument/definition", position(12, 23)).await["result"], location(3, 2, 5));
    assert_eq!(client.request("textDocument/definition", position(5, 30)).await["result"], location(1, 2, 6));
    assert_eq!(client.request("textDocument/definition", position(0, 0)).await["result"], Value::Null);
    // References of `Api`, asked on its definition.
    let mut params = position(3, 3);
    params["context"] = json!({"includeDeclaration": true});
    let reply = client.request("textDocument/references", params).await;
    assert_eq!(
        reply["result"],
        json!([location(3, 2, 5), location(8, 29, 32), location(12, 21, 24), location(18, 29, 32)])
    );
    client.shutdown().await;
}

#[tokio::test]
async fn outline_nests_routes_and_stages_under_their_api() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, NAVIGATION).await;
    client.diagnostics().await;
    let reply = client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).await;
    let outline: Vec<(String, String, Vec<String>)> = reply["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|symbol| {
            let children = symbol["children"].as_array().map(|c| c.iter().map(|c| format!("{} {}", c["name"].as_str().unwrap(), c["detail"].as_str().unwrap())).collect()).unwrap_or_default();
            (symbol["name"].as_str().unwrap().into(), symbol["detail"].as_str().unwrap().into(), children)
        })
        .collect();
    assert_eq!(
        outline,
        [(
            "Api".to_string(),
            "AWS::ApiGatewayV2::Api".to_string(),
            vec![
                "Integration AWS::ApiGatewayV2::Integration".to_string(),
                "Route GET /pets (AWS::ApiGatewayV2::Route)".to_string(),
                "Stage AWS::ApiGatewayV2::Stage".to_string(),
            ]
        )]
    );
    assert_eq!(reply["result"][0]["selectionRange"], json!({"start": {"line": 3, "character": 2}, "end": {"line": 3, "character": 5}}));
    client.shutdown().await;
}

#[tokio::test]
async fn completion_of_allowed_values_and_references() {
    let text = "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: é\n      ProtocolType: WEB\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties:\n      ApiId: !Ref A\n";
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, text).await;
    client.diagnostics().await;
    let reply = client.request("textDocument/completion", position(5, 23)).await;
    let labels: Vec<&str> = reply["result"].as_array().unwrap().iter().map(|item| item["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["HTTP", "WEBSOCKET"]);
    assert_eq!(
        reply["result"][1]["textEdit"],
        json!({"range": {"start": {"line": 5, "character": 20}, "end": {"line": 5, "character": 23}}, "newText": "WEBSOCKET"})
    );
    let reply = client.request("textDocument/completion", position(9, 19)).await;
    let first = &reply["result"][0];
    assert_eq!((first["label"].as_str(), first["detail"].as_str()), (Some("Api"), Some("AWS::ApiGatewayV2::Api")));
    assert_eq!(first["textEdit"]["range"], json!({"start": {"line": 9, "character": 18}, "end": {"line": 9, "character": 19}}));
    client.shutdown().await;
}

/// Completion lists stay narrow: a short `detail` (the property's type, "resource type"), and the
/// description only when an item is resolved, found again from its `data`.
#[tokio::test]
async fn completion_details_are_short_and_descriptions_come_on_resolve() {
    let text = "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Prot\n      CorsConfiguration:\n        Max\n  Stage:\n    Type: AWS::ApiGatewayV2::St\n";
    let mut client = Client::start().await;
    let reply = client.initialize(&[]).await;
    let provider = json!({"triggerCharacters": [" ", ".", "{", ":"], "resolveProvider": true});
    assert_eq!(reply["result"]["capabilities"]["completionProvider"], provider);
    open(&mut client, text).await;
    client.diagnostics().await;
    let edit = |line, start, end, new_text| {
        json!({"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}, "newText": new_text})
    };
    let cases = [
        (
            position(6, 11),
            json!({
                "label": "MaxAge",
                "kind": 10,
                "detail": "integer",
                "textEdit": edit(6, 8, 11, "MaxAge"),
                "data": {"type": "AWS::ApiGatewayV2::Api", "property": ["CorsConfiguration", "MaxAge"]},
            }),
            "The number of seconds that the browser should cache preflight request results. Supported only for HTTP APIs.",
        ),
        (
            position(8, 31),
            json!({
                "label": "AWS::ApiGatewayV2::Stage",
                "kind": 7,
                "detail": "resource type",
                "textEdit": edit(8, 10, 31, "AWS::ApiGatewayV2::Stage"),
                "data": {"type": "AWS::ApiGatewayV2::Stage"},
            }),
            "Resource Type definition for AWS::ApiGatewayV2::Stage",
        ),
    ];
    for (at, expected, description) in cases {
        let reply = client.request("textDocument/completion", at).await;
        let items = reply["result"].as_array().unwrap();
        for item in items {
            assert!(item["detail"].as_str().is_none_or(|detail| detail.len() <= 40) && item.get("documentation").is_none(), "{item}");
        }
        let item = items.iter().find(|item| item["label"] == expected["label"]).unwrap();
        assert_eq!(item, &expected);
        let mut resolved = expected.clone();
        resolved["documentation"] = json!({"kind": "markdown", "value": description});
        assert_eq!(client.request("completionItem/resolve", expected).await["result"], resolved);
    }
    let reply = client.request("textDocument/completion", position(4, 10)).await;
    let protocol_type = reply["result"].as_array().unwrap().iter().find(|item| item["label"] == "ProtocolType").unwrap();
    assert_eq!(protocol_type["detail"], "string");
    assert_eq!(protocol_type["data"], json!({"type": "AWS::ApiGatewayV2::Api", "property": ["ProtocolType"]}));
    client.shutdown().await;
}

const CHAIN: &str = "Parameters:\n  Name: {Type: String, Default: orders, Description: The API name}\nResources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: !Ref Name, ProtocolType: HTTP}\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}, Runtime: python3.12, Handler: index.h}\n  Integration:\n    Type: AWS::ApiGatewayV2::Integration\n    Properties: {ApiId: !Ref Api, IntegrationType: AWS_PROXY, IntegrationUri: !GetAtt Fn.Arn, PayloadFormatVersion: '2.0'}\n  Route:\n    Type: AWS::ApiGatewayV2::Route\n    Properties:\n      ApiId: !Ref Api\n      RouteKey: GET /pets\n      AuthorizationType: AWS_IAM\n      Target: !Sub integrations/${Integration}\n";

async fn hover_text(client: &mut Client, line: u32, character: u32) -> (String, Value) {
    let reply = client.request("textDocument/hover", position(line, character)).await;
    (reply["result"]["contents"]["value"].as_str().unwrap_or("").to_string(), reply["result"]["range"].clone())
}

#[tokio::test]
async fn hover_explains_types_properties_references_and_routes() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, CHAIN).await;
    client.diagnostics().await;
    let (route, range) = hover_text(&mut client, 12, 3).await;
    assert!(
        route.starts_with("route `GET /pets` → integration `Integration` (`AWS_PROXY`) → function `Fn`; authorization `AWS_IAM`\n\n**AWS::ApiGatewayV2::Route**\n\nThe ``AWS::ApiGatewayV2::Route`` resource"),
        "{route}"
    );
    assert_eq!(range, json!({"start": {"line": 12, "character": 2}, "end": {"line": 12, "character": 7}}));
    let (parameter, _) = hover_text(&mut client, 5, 31).await;
    assert_eq!(parameter, "`Name`: parameter of type `String`, default `orders`\n\nThe API name");
    let (resource, _) = hover_text(&mut client, 11, 30).await;
    assert_eq!(resource, "`Api`: resource of type `AWS::ApiGatewayV2::Api`");
    let (property, range) = hover_text(&mut client, 17, 8).await;
    assert!(property.starts_with("**AuthorizationType** (string)\n\nThe authorization type for the route."), "{property}");
    assert!(property.ends_with("Allowed values: `NONE`, `AWS_IAM`, `CUSTOM`, `JWT`"), "{property}");
    assert_eq!(range, json!({"start": {"line": 17, "character": 6}, "end": {"line": 17, "character": 23}}));
    let (type_name, _) = hover_text(&mut client, 7, 14).await;
    assert!(type_name.starts_with("**AWS::Lambda::Function**\n\n"), "{type_name}");
    client.shutdown().await;
}

#[tokio::test]
async fn suppression_action_adds_a_metadata_ignore() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, TEMPLATE).await;
    client.diagnostics().await;
    let range = json!({"start": {"line": 8, "character": 17}, "end": {"line": 8, "character": 17}});
    let reply = client
        .request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": range, "context": {"diagnostics": []}}))
        .await;
    let action = reply["result"].as_array().unwrap().iter().find(|a| a["title"] == "Ignore AGW301 for `Stage` (in its Metadata)").unwrap();
    assert_eq!(
        action["edit"]["changes"][URI],
        json!([{"range": {"start": {"line": 10, "character": 120}, "end": {"line": 10, "character": 120}}, "newText": "\n    Metadata:\n      apigw-lint:\n        ignore: [AGW301]"}])
    );
    client.shutdown().await;
}

#[tokio::test]
async fn positions_out_of_range_get_empty_answers() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    open(&mut client, TEMPLATE).await;
    client.diagnostics().await;
    let far = json!({"textDocument": {"uri": URI}, "position": {"line": 4000, "character": 99}});
    for method in ["textDocument/hover", "textDocument/definition", "textDocument/completion"] {
        let reply = client.request(method, far.clone()).await;
        assert_eq!(reply["result"], Value::Null, "{method}: {reply}");
    }
    let mut references = far.clone();
    references["context"] = json!({"includeDeclaration": true});
    assert_eq!(client.request("textDocument/references", references).await["result"], Value::Null);
    let unopened = json!({"textDocument": {"uri": "file:///nope.yaml"}, "position": {"line": 0, "character": 0}});
    assert_eq!(client.request("textDocument/hover", unopened).await["result"], Value::Null);
    client.shutdown().await;
}

/// Fifty documents opened, edited and some closed, with every notification interleaved: each open
/// document's last diagnostics are for its last version, each closed one ends cleared.
#[tokio::test]
async fn interleaved_open_change_close_of_many_documents() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    let uri = |n: usize| format!("file:///many/template-{n}.yaml");
    for n in 0..50 {
        let document = json!({"uri": uri(n), "languageId": "yaml", "version": 1, "text": TEMPLATE});
        client.notify("textDocument/didOpen", json!({"textDocument": document})).await;
    }
    for version in 2..=4 {
        for n in 0..50 {
            // Odd documents end valid (version 4 renames the stage), even ones keep the error.
            let text = if n % 2 == 1 && version == 4 { TEMPLATE.replace("prod v1", "prod") } else { TEMPLATE.to_string() };
            let change = json!({"textDocument": {"uri": uri(n), "version": version}, "contentChanges": [{"text": text}]});
            client.notify("textDocument/didChange", change).await;
        }
    }
    for n in (0..50).step_by(5) {
        client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri(n)}})).await;
    }
    let mut last: std::collections::HashMap<String, Value> = std::collections::HashMap::new();
    // Wait until every document has its final state.
    let done = |last: &std::collections::HashMap<String, Value>| {
        (0..50).all(|n| match last.get(&uri(n)) {
            Some(params) if n % 5 == 0 => params["version"].is_null() && params["diagnostics"] == json!([]),
            Some(params) => params["version"] == 4,
            None => false,
        })
    };
    while !done(&last) {
        let params = client.diagnostics().await;
        let key = params["uri"].as_str().unwrap().to_string();
        // After a close, a late result for an earlier version must not come back.
        if let Some(previous) = last.get(&key) {
            assert!(!(previous["version"].is_null() && !params["version"].is_null()), "diagnostics after close: {params}");
        }
        last.insert(key, params);
    }
    for n in (0..50).filter(|n| n % 5 != 0) {
        let count = last[&uri(n)]["diagnostics"].as_array().unwrap().len();
        assert_eq!(count, if n % 2 == 1 { 0 } else { 1 }, "document {n}");
    }
    client.shutdown().await;
}

/// An open SAM template names an OpenAPI file on disk: the file is read, its findings are
/// published for its own URI, and editing it on disk (a watched-file change) lints the template
/// again.
#[tokio::test]
async fn definition_files_are_read_from_disk_and_watched() {
    let folder = std::env::temp_dir().join(format!("apigw-lint-definitions-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let definition = folder.join("openapi.yaml");
    let broken = "openapi: 3.0.1\ninfo: {title: orders, version: '1.0'}\npaths:\n  /orders:\n    get:\n      security: [{missing: []}]\n";
    std::fs::write(&definition, broken).unwrap();
    let template = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionUri: ./openapi.yaml\n      AccessLogSettings: {DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api, Format: $context.requestId}\n";
    let template_uri = format!("file://{}", folder.join("template.yaml").display());
    let definition_uri = format!("file://{}", definition.display());

    let mut client = Client::start().await;
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    client.request("initialize", json!({"capabilities": capabilities})).await;
    client.notify("initialized", json!({})).await;
    let registration = client.server_request("client/registerCapability").await;
    assert_eq!(registration["registrations"][0]["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(registration["registrations"][0]["registerOptions"]["watchers"][0]["globPattern"], "**/*.yaml");

    let document = json!({"uri": template_uri, "languageId": "yaml", "version": 1, "text": template});
    client.notify("textDocument/didOpen", json!({"textDocument": document})).await;
    let published = client.diagnostics().await;
    assert_eq!(published["uri"], template_uri);
    assert_eq!(published["diagnostics"], json!([]));
    let published = client.diagnostics().await;
    assert_eq!(published["uri"], definition_uri);
    assert_eq!(published["diagnostics"].as_array().unwrap().len(), 1, "{published}");
    assert_eq!(published["diagnostics"][0]["code"], "AGW803");
    assert_eq!(published["diagnostics"][0]["range"], json!({"start": {"line": 5, "character": 18}, "end": {"line": 5, "character": 25}}));

    std::fs::write(&definition, broken.replace("security: [{missing: []}]", "description: listed")).unwrap();
    let change = json!({"changes": [{"uri": definition_uri, "type": 2}]});
    client.notify("workspace/didChangeWatchedFiles", change).await;
    assert_eq!(client.diagnostics().await["uri"], template_uri);
    let published = client.diagnostics().await;
    assert_eq!((published["uri"].clone(), published["diagnostics"].clone()), (json!(definition_uri), json!([])));
    client.shutdown().await;
    std::fs::remove_dir_all(&folder).unwrap();
}

/// An apigw-lint.toml written or edited while the server runs (a watched-file change) is read
/// again and every open document is linted with it; a broken one is reported to the user.
#[tokio::test]
async fn configuration_file_changes_are_read_again() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-lsp-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let configuration = dir.join("apigw-lint.toml");
    let uri = format!("file://{}/template.yaml", dir.display());
    let mut client = Client::start().await;
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    client.request("initialize", json!({"capabilities": capabilities})).await;
    client.notify("initialized", json!({})).await;
    let registration = client.server_request("client/registerCapability").await;
    assert_eq!(
        registration["registrations"][1],
        json!({
            "id": "apigw-lint-configuration-files",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": [{"globPattern": "**/apigw-lint.toml"}]},
        })
    );
    let document = json!({"uri": uri, "languageId": "yaml", "version": 1, "text": TEMPLATE});
    client.notify("textDocument/didOpen", json!({"textDocument": document})).await;
    assert_eq!(client.diagnostics().await, json!({"uri": uri, "version": 1, "diagnostics": [stage_name_diagnostic(1)]}));

    std::fs::write(&configuration, "ignore = [\"AGW301\"]\n").unwrap();
    let change = |kind| json!({"changes": [{"uri": format!("file://{}", configuration.display()), "type": kind}]});
    client.notify("workspace/didChangeWatchedFiles", change(1)).await;
    assert_eq!(client.diagnostics().await, json!({"uri": uri, "version": 1, "diagnostics": []}));

    // Broken: said so, and the document is linted with the settings alone.
    std::fs::write(&configuration, "ignore = [\"AGW301\"\n").unwrap();
    client.notify("workspace/didChangeWatchedFiles", change(2)).await;
    let message = loop {
        let message = client.receive().await;
        assert_ne!(message["method"], "textDocument/publishDiagnostics", "{message}");
        if message["method"] == "window/showMessage" {
            break message["params"].clone();
        }
    };
    // The wording is apigw-config's; the message names the file.
    assert_eq!(message["type"], 1, "{message}");
    assert!(message["message"].as_str().unwrap().starts_with(&format!("{}:", configuration.display())), "{message}");
    assert_eq!(client.diagnostics().await, json!({"uri": uri, "version": 1, "diagnostics": [stage_name_diagnostic(1)]}));
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The stage-name diagnostic of [`TEMPLATE`] at a severity (1 error, 2 warning, 3 info).
fn stage_name_diagnostic(severity: u8) -> Value {
    json!({
        "range": {"start": {"line": 8, "character": 17}, "end": {"line": 8, "character": 24}},
        "severity": severity,
        "code": "AGW301",
        "codeDescription": {"href": "https://apigw-lint.dev/rules/AGW301"},
        "source": "apigw-lint",
        "message": "stage name `prod v1` contains a space: a stage name is `$default` or up to 128 letters, digits, `-` and `_` (fix: Rename the stage to `prod-v1`)",
    })
}

/// The client's settings (initializationOptions, then workspace/didChangeConfiguration) combine
/// with apigw-lint.toml: their severities win, `ignore` adds, `select` replaces; open documents
/// are linted again on a change, and settings with a mistake are refused with a message.
#[tokio::test]
async fn client_settings_combine_with_the_configuration_file() {
    let dir = std::env::temp_dir().join(format!("apigw-lint-lsp-settings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("apigw-lint.toml"), "[severity]\nAGW301 = \"info\"\n").unwrap();
    let configured = format!("file://{}/template.yaml", dir.display());
    let mut client = Client::start().await;
    let options = json!({"severity": {"AGW301": "warning"}});
    client.request("initialize", json!({"capabilities": {}, "initializationOptions": options})).await;
    client.notify("initialized", json!({})).await;
    let document = json!({"uri": configured, "languageId": "yaml", "version": 1, "text": TEMPLATE});
    client.notify("textDocument/didOpen", json!({"textDocument": document})).await;
    let expected = |severity| json!({"uri": configured, "version": 1, "diagnostics": [stage_name_diagnostic(severity)]});
    assert_eq!(client.diagnostics().await, expected(2), "the settings' warning wins over the file's info");
    open(&mut client, TEMPLATE).await;
    let unconfigured = |diagnostics| json!({"uri": URI, "version": 1, "diagnostics": diagnostics});
    assert_eq!(client.diagnostics().await, unconfigured(json!([stage_name_diagnostic(2)])));

    // Settings as an editor sends its whole tree: under `apigwLint`. Both documents are linted again.
    let change = |settings| json!({"settings": settings});
    client.notify("workspace/didChangeConfiguration", change(json!({"apigwLint": {"select": ["AGW1"]}}))).await;
    let mut republished = vec![client.diagnostics().await, client.diagnostics().await];
    republished.sort_by_key(|params| params["uri"].as_str().map(|uri| uri == URI));
    assert_eq!(republished, [json!({"uri": configured, "version": 1, "diagnostics": []}), unconfigured(json!([]))]);

    // A mistake: refused with a message, and the settings in force stay (nothing is re-linted).
    client.notify("workspace/didChangeConfiguration", change(json!({"ignore": ["AGW999"]}))).await;
    let message = loop {
        let message = client.receive().await;
        assert_ne!(message["method"], "textDocument/publishDiagnostics", "{message}");
        if message["method"] == "window/showMessage" {
            break message["params"].clone();
        }
    };
    let refused = "apigw-lint settings: `AGW999` matches no rule (see `apigw-lint rules`)";
    assert_eq!(message, json!({"type": 1, "message": refused}));
    client.notify("workspace/didChangeConfiguration", change(json!({"severity": {"AGW3": "off"}, "selct": []}))).await;
    let message = loop {
        let message = client.receive().await;
        if message["method"] == "window/showMessage" {
            break message["params"]["message"].clone();
        }
    };
    assert_eq!(message, "apigw-lint settings: unknown field `selct`, expected one of `select`, `extendSelect`, `ignore`, `severity`");

    // No settings: the file alone again.
    client.notify("workspace/didChangeConfiguration", change(Value::Null)).await;
    let mut republished = vec![client.diagnostics().await, client.diagnostics().await];
    republished.sort_by_key(|params| params["uri"].as_str().map(|uri| uri == URI));
    assert_eq!(republished, [expected(3), unconfigured(json!([stage_name_diagnostic(1)]))]);
    client.shutdown().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

/// CDK output: diagnostics and hover name the construct path, as CDK users know their resources.
#[tokio::test]
async fn diagnostics_and_hover_name_the_cdk_construct() {
    let mut client = Client::start().await;
    client.initialize(&[]).await;
    let text = "Resources:\n  HttpApiF5A9A8A7:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: orders, ProtocolType: HTTPS}\n    Metadata:\n      aws:cdk:path: Orders/HttpApi/Resource\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: {ApiId: !Ref HttpApiF5A9A8A7, StageName: $default}\n";
    open(&mut client, text).await;
    let published = client.diagnostics().await;
    let invalid = published["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "AGW007").unwrap();
    assert_eq!(invalid["message"], "`HTTPS` is not one of HTTP, WEBSOCKET; did you mean `HTTP`? (construct Orders/HttpApi/Resource)");
    let (resource, _) = hover_text(&mut client, 1, 5).await;
    assert!(resource.starts_with("CDK construct `Orders/HttpApi/Resource`\n\n**AWS::ApiGatewayV2::Api**"), "{resource}");
    let (reference, _) = hover_text(&mut client, 8, 30).await;
    assert_eq!(reference, "`HttpApiF5A9A8A7`: resource of type `AWS::ApiGatewayV2::Api`, CDK construct `Orders/HttpApi/Resource`");
    client.shutdown().await;
}

/// A template open in the editor cannot make the server read outside the workspace folder:
/// `../` climbs, absolute paths, symlinks out, `AWS::Include` and FIFOs are refused (AGW011),
/// and nothing of the planted secret reaches a diagnostic or a hover.
#[tokio::test]
async fn templates_read_nothing_outside_the_workspace() {
    let root = std::env::temp_dir().join(format!("apigw-lint-boundary-{}", std::process::id()));
    let (project, outside) = (root.join("project"), root.join("outside"));
    std::fs::create_dir_all(project.join("api")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let secret = outside.join("secret.yaml");
    std::fs::write(&secret, "openapi: 3.0.1\ninfo: {title: SECRET-TOKEN-42, version: '1'}\npaths: {}\n").unwrap();
    std::os::unix::fs::symlink(&secret, project.join("api/link.yaml")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(project.join("api/fifo.yaml")).status().unwrap();
    assert!(fifo.success());
    let template = format!(
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Climb:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionUri: ../outside/secret.yaml\n  Absolute:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionUri: {}\n  Link:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionUri: api/link.yaml\n  Fifo:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionUri: api/fifo.yaml\n  Include:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n      DefinitionBody:\n        Fn::Transform: {{Name: AWS::Include, Parameters: {{Location: ../../../../../../../proc/self/environ}}}}\n",
        secret.display()
    );
    let template_uri = format!("file://{}", project.join("template.yaml").display());

    let mut client = Client::start().await;
    let folders = json!([{"uri": format!("file://{}", project.display()), "name": "project"}]);
    client.request("initialize", json!({"capabilities": {}, "workspaceFolders": folders})).await;
    client.notify("initialized", json!({})).await;
    let document = json!({"uri": template_uri, "languageId": "yaml", "version": 1, "text": template});
    client.notify("textDocument/didOpen", json!({"textDocument": document})).await;
    let published = client.diagnostics().await;
    let diagnostics = published["diagnostics"].as_array().unwrap();
    let codes: Vec<(&str, u64)> =
        diagnostics.iter().map(|d| (d["code"].as_str().unwrap(), d["range"]["start"]["line"].as_u64().unwrap())).collect();
    assert_eq!(codes, [("AGW011", 5), ("AGW011", 9), ("AGW011", 13), ("AGW011", 17), ("AGW011", 22)], "{published}");
    assert!(diagnostics[3]["message"].as_str().unwrap().ends_with("was not read: it is a FIFO, not a regular file"), "{published}");
    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": template_uri}, "position": {"line": 13, "character": 25}}))
        .await;
    let everything = format!("{published}{hover}");
    assert!(!everything.contains("SECRET-TOKEN-42"), "{everything}");
    client.shutdown().await;
    std::fs::remove_dir_all(&root).unwrap();
}
