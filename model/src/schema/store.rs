//! The schemas embedded into the binary, each parsed on first use: a run that meets three
//! resource types pays for three schemas, and no schema is ever parsed twice.

use std::sync::OnceLock;

use super::ResourceSchema;

/// Embeds `schemas/<file>` for every file named: the one list of vendored schemas (the refresh
/// script keeps the folder's files; a test checks this list against the folder).
macro_rules! embed {
    ($($file:literal),* $(,)?) => {
        const FILES: &[(&str, &str)] = &[
            $(($file, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas/", $file)))),*
        ];
    };
}

embed![
    "aws-apigateway-domainname.json",
    "aws-apigateway-restapi.json",
    "aws-apigateway-vpclink.json",
    "aws-apigatewayv2-api.json",
    "aws-apigatewayv2-apigatewaymanagedoverrides.json",
    "aws-apigatewayv2-apimapping.json",
    "aws-apigatewayv2-authorizer.json",
    "aws-apigatewayv2-deployment.json",
    "aws-apigatewayv2-domainname.json",
    "aws-apigatewayv2-integration.json",
    "aws-apigatewayv2-integrationresponse.json",
    "aws-apigatewayv2-model.json",
    "aws-apigatewayv2-portalproduct.json",
    "aws-apigatewayv2-route.json",
    "aws-apigatewayv2-routeresponse.json",
    "aws-apigatewayv2-routingrule.json",
    "aws-apigatewayv2-stage.json",
    "aws-apigatewayv2-vpclink.json",
    "aws-certificatemanager-certificate.json",
    "aws-cloudwatch-alarm.json",
    "aws-iam-policy.json",
    "aws-iam-role.json",
    "aws-lambda-function.json",
    "aws-lambda-permission.json",
    "aws-logs-loggroup.json",
    "aws-s3-bucket.json",
    "aws-serverless-api.json",
    "aws-serverless-application.json",
    "aws-serverless-capacityprovider.json",
    "aws-serverless-connector.json",
    "aws-serverless-function.json",
    "aws-serverless-graphqlapi.json",
    "aws-serverless-httpapi.json",
    "aws-serverless-layerversion.json",
    "aws-serverless-microvmimage.json",
    "aws-serverless-networkconnector.json",
    "aws-serverless-simpletable.json",
    "aws-serverless-statemachine.json",
    "aws-serverless-webfunction.json",
    "aws-serverless-websocketapi.json",
];

static SLOTS: [OnceLock<Option<ResourceSchema>>; FILES.len()] = [const { OnceLock::new() }; FILES.len()];

/// The schema of a resource type (`AWS::ApiGatewayV2::Api`), if the project vendors it.
/// Type names are case-sensitive, as in CloudFormation.
pub fn resource_schema(type_name: &str) -> Option<&'static ResourceSchema> {
    let file = format!("{}.json", type_name.to_ascii_lowercase().replace("::", "-"));
    let index = FILES.iter().position(|(name, _)| *name == file)?;
    load(index).filter(|schema| schema.type_name() == type_name)
}

/// Every vendored schema (parsing those not parsed yet), for completion of type names.
pub fn resource_schemas() -> impl Iterator<Item = &'static ResourceSchema> {
    (0..FILES.len()).filter_map(load)
}

fn load(index: usize) -> Option<&'static ResourceSchema> {
    SLOTS[index].get_or_init(|| ResourceSchema::parse(FILES[index].1)).as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_the_folder() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../schemas");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".json"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn every_schema_parses_under_its_file_name() {
        for (index, (file, _)) in FILES.iter().enumerate() {
            let schema = load(index).unwrap_or_else(|| panic!("{file} does not parse"));
            assert_eq!(resource_schema(schema.type_name()).map(ResourceSchema::type_name), Some(schema.type_name()));
        }
        assert_eq!(resource_schemas().count(), FILES.len());
        assert!(resource_schema("AWS::ApiGatewayV2::api").is_none(), "type names are case-sensitive");
        assert!(resource_schema("AWS::ApiGatewayV2::Nope").is_none());
    }
}
