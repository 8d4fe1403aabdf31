#!/usr/bin/env python3
"""Writes a realistic CloudFormation template with about N resources (default 450) to stdout:
HTTP APIs with Lambda integrations, routes, stages with access logs, permissions, custom domains
and mappings, in blocks of 9 resources. `--json` writes JSON instead of YAML."""
import json
import sys

def block(i):
    api, fn, integ, stage = f"Api{i}", f"Fn{i}", f"Integ{i}", f"Stage{i}"
    return {
        api: {"Type": "AWS::ApiGatewayV2::Api", "Properties": {
            "Name": f"api-{i}", "ProtocolType": "HTTP",
            "CorsConfiguration": {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET", "POST"], "MaxAge": 600}}},
        fn: {"Type": "AWS::Lambda::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler", "Role": {"Fn::GetAtt": ["SharedRole", "Arn"]},
            "Code": {"ZipFile": "def handler(e, c):\n    return {'statusCode': 200}\n"}}},
        f"Perm{i}": {"Type": "AWS::Lambda::Permission", "Properties": {
            "Action": "lambda:InvokeFunction", "FunctionName": {"Ref": fn}, "Principal": "apigateway.amazonaws.com",
            "SourceArn": {"Fn::Sub": f"arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api}}}/*"}}},
        integ: {"Type": "AWS::ApiGatewayV2::Integration", "Properties": {
            "ApiId": {"Ref": api}, "IntegrationType": "AWS_PROXY", "IntegrationUri": {"Fn::GetAtt": [fn, "Arn"]},
            "PayloadFormatVersion": "2.0", "TimeoutInMillis": 10000}},
        f"Get{i}": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": {"Ref": api}, "RouteKey": f"GET /items{i}/{{id}}", "Target": {"Fn::Sub": f"integrations/${{{integ}}}"}}},
        f"Post{i}": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {
            "ApiId": {"Ref": api}, "RouteKey": f"POST /items{i}",
            "Target": {"Fn::Join": ["", ["integrations/", {"Ref": integ}]]}}},
        stage: {"Type": "AWS::ApiGatewayV2::Stage", "Properties": {
            "ApiId": {"Ref": api}, "StageName": "prod", "AutoDeploy": True,
            "AccessLogSettings": {"DestinationArn": {"Fn::GetAtt": ["Logs", "Arn"]},
                                  "Format": '{"requestId":"$context.requestId","status":"$context.status"}'},
            "DefaultRouteSettings": {"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 50}}},
        f"Domain{i}": {"Type": "AWS::ApiGatewayV2::DomainName", "Properties": {
            "DomainName": f"api{i}.example.com",
            "DomainNameConfigurations": [{"CertificateArn": {"Ref": "CertificateArn"}, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}]}},
        f"Mapping{i}": {"Type": "AWS::ApiGatewayV2::ApiMapping", "Properties": {
            "DomainName": {"Ref": f"Domain{i}"}, "ApiId": {"Ref": api}, "Stage": {"Ref": stage}}},
    }

def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 450
    resources = {
        "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 30}},
        "SharedRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
    }
    i = 0
    while len(resources) < count:
        resources.update(block(i))
        i += 1
    template = {"AWSTemplateFormatVersion": "2010-09-09",
                "Parameters": {"CertificateArn": {"Type": "String"}},
                "Resources": resources}
    if "--json" in sys.argv:
        json.dump(template, sys.stdout, indent=2)
    else:
        sys.stdout.write("\n".join(to_yaml(template, 0)) + "\n")

def inline(v):
    """A value on one line, intrinsic functions in their short-tag form as people write them."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(inline(x) for x in v) + "]"
    (name, arg), = v.items()
    if name == "Ref":
        return f"!Ref {arg}"
    if name == "Fn::GetAtt":
        return f"!GetAtt {arg[0]}.{arg[1]}"
    return f"!{name[4:]} {inline(arg)}"

def is_inline(v):
    return not isinstance(v, (dict, list)) or (isinstance(v, dict) and len(v) == 1 and next(iter(v)).startswith(("Ref", "Fn::"))) \
        or (isinstance(v, list) and all(is_inline(x) and not isinstance(x, list) for x in v))

def to_yaml(value, indent):
    lines = []
    pad = "  " * indent
    for key, v in value.items():
        if is_inline(v):
            lines.append(f"{pad}{key}: {inline(v)}")
        elif isinstance(v, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(to_yaml(v, indent + 1))
        else:
            lines.append(f"{pad}{key}:")
            for item in v:
                body = to_yaml(item, indent + 2)
                lines.append(f"{pad}  - " + body[0].lstrip())
                lines.extend(body[1:])
    return lines

if __name__ == "__main__":
    main()
