//! Edit → diagnostics latency of the language server on a large template: single-character
//! edits sent over in-memory pipes exactly as an editor sends them; for each, the time until the
//! diagnostics for that version arrive. Run: `cargo bench -p apigw-server --bench edit_latency`
//! (RESOURCES=1300 by default, about 10,000 lines; EDITS=200).

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tower_lsp_server::Server;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let resources = env_number("RESOURCES", 1300);
    let edits = env_number("EDITS", 200);
    let generator = concat!(env!("CARGO_MANIFEST_DIR"), "/../benches/generate-template.py");
    let output = std::process::Command::new("python3").arg(generator).arg(resources.to_string()).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let lines = text.lines().count();
    // The line of the first stage name: each edit toggles one character there.
    let stage_line = text.lines().position(|line| line.trim_start().starts_with("StageName:")).unwrap();
    let column = text.lines().nth(stage_line).unwrap().len() - 1;

    let (client, server) = tokio::io::duplex(1 << 24);
    let (server_read, server_write) = tokio::io::split(server);
    let (service, socket) = apigw_server::service();
    tokio::spawn(Server::new(server_read, server_write, socket).serve(service));
    let (reader, mut writer) = tokio::io::split(client);
    let mut reader = BufReader::new(reader);

    let uri = "file:///bench/template.yaml";
    send(&mut writer, json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})).await;
    receive_until(&mut reader, |message| message["id"] == 1).await;
    send(&mut writer, json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})).await;
    let document = json!({"uri": uri, "languageId": "yaml", "version": 1, "text": text});
    let opened = Instant::now();
    send(&mut writer, json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": document}})).await;
    receive_until(&mut reader, |message| message["params"]["version"] == 1).await;
    let open_time = opened.elapsed();

    let mut latencies = Vec::with_capacity(edits);
    for edit in 0..edits {
        let version = edit as i64 + 2;
        // Insert a character, then delete it again: the template stays valid and realistic.
        let (range, new_text) = if edit % 2 == 0 {
            (json!({"start": {"line": stage_line, "character": column}, "end": {"line": stage_line, "character": column}}), "x")
        } else {
            (json!({"start": {"line": stage_line, "character": column}, "end": {"line": stage_line, "character": column + 1}}), "")
        };
        let change = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": range, "text": new_text}]});
        let sent = Instant::now();
        send(&mut writer, json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": change})).await;
        receive_until(&mut reader, |message| message["params"]["version"] == version).await;
        latencies.push(sent.elapsed());
    }
    latencies.sort();
    let percentile = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{lines}-line template ({} KB, {resources} resources): open {:.1} ms; {edits} edits → diagnostics: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        text.len() / 1024,
        ms(open_time),
        ms(percentile(0.5)),
        ms(percentile(0.9)),
        ms(percentile(0.99)),
        ms(*latencies.last().unwrap()),
    );
}

async fn send(writer: &mut (impl AsyncWriteExt + Unpin), message: Value) {
    let body = message.to_string();
    writer.write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes()).await.unwrap();
}

async fn receive_until(reader: &mut (impl AsyncBufReadExt + Unpin), done: impl Fn(&Value) -> bool) {
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).await.unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await.unwrap();
        let message: Value = serde_json::from_slice(&body).unwrap();
        if done(&message) {
            return;
        }
    }
}
