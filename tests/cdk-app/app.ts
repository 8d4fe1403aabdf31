// A CDK v2 app that uses every construct and option of aws-cdk-lib's API Gateway v2 modules, for
// apigw-lint's tests: scripts/synth-cdk-app synthesizes it (never deploys it) into
// tests/fixtures/cdk/. The clean app must lint without errors; DEFECT=NAME in the environment plants
// one defect (see DEFECTS) that apigw-lint must report at the construct path the test expects.
// With APIGW_LINT_PLUGIN=PATH (cdk-plugin's built module) the apigw-lint policy-validation plugin
// runs during synth.
import * as path from 'node:path';
import {
  App, CfnResource, Duration, NestedStack, RemovalPolicy, Stack, Stage, Validations,
  type IPolicyValidationPlugin, type StackProps,
} from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * One planted defect per rule family, with the code and construct path apigw-lint must report
 * (tests/cdk.rs and scripts/synth-cdk-app read the same file).
 */
const DEFECTS: Record<string, { code: string; construct: string }> = require(path.join(__dirname, '..', 'defects.json'));
type Defect = string;

const env = { account: '123456789012', region: 'eu-west-1' };
const certificateArn = `arn:aws:acm:${env.region}:${env.account}:certificate/8f0b2a7e-4c1d-4f7e-9a3b-2d5c6e7f8a90`;

function handler(scope: Construct, id: string): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
  });
}

/** The private back ends of the HTTP API, in a nested stack: a VPC, an ALB, an NLB, Cloud Map. */
class Network extends NestedStack {
  readonly vpc: ec2.Vpc;
  readonly albListener: elbv2.ApplicationListener;
  readonly nlbListener: elbv2.NetworkListener;
  readonly service: servicediscovery.Service;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      natGateways: 0,
      subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    const alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', { vpc: this.vpc });
    this.albListener = alb.addListener('Http', {
      port: 80,
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(200, { messageBody: 'alb' }),
    });
    const nlb = new elbv2.NetworkLoadBalancer(this, 'Nlb', { vpc: this.vpc });
    const targets = new elbv2.NetworkTargetGroup(this, 'NlbTargets', {
      vpc: this.vpc, port: 8080, targetType: elbv2.TargetType.IP,
    });
    this.nlbListener = nlb.addListener('Tcp', { port: 80, defaultTargetGroups: [targets] });
    const namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', { name: 'internal', vpc: this.vpc });
    this.service = namespace.createService('Orders', { dnsRecordType: servicediscovery.DnsRecordType.SRV });
  }
}

/** HTTP APIs: every integration, authorizer and stage option, custom domains with mTLS. */
class HttpApiStack extends Stack {
  constructor(scope: Construct, id: string, defect: Defect | undefined, props: StackProps) {
    super(scope, id, props);
    const fn = handler(this, 'Orders');
    const authorizerFn = handler(this, 'Authorizer');
    const certificate = acm.Certificate.fromCertificateArn(this, 'Certificate', certificateArn);

    const truststore = new s3.Bucket(this, 'Truststore', { versioned: true, removalPolicy: RemovalPolicy.RETAIN });
    const domain = new apigwv2.DomainName(this, 'Domain', {
      domainName: 'api.example.com',
      certificate,
      securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      endpointType: apigwv2.EndpointType.REGIONAL,
    });
    const mtlsDomain = new apigwv2.DomainName(this, 'MtlsDomain', {
      domainName: 'partners.example.com',
      certificate,
      mtls: { bucket: truststore, key: 'truststore.pem', version: 'v1' },
    });

    const userPool = new cognito.UserPool(this, 'Users');
    const userPoolClient = userPool.addClient('Web');
    const jwt = new authorizers.HttpJwtAuthorizer('Jwt', 'https://auth.example.com/', {
      jwtAudience: ['orders'],
      identitySource: ['$request.header.Authorization'],
    });
    const lambdaAuthorizer = new authorizers.HttpLambdaAuthorizer('Custom', authorizerFn, {
      responseTypes: [authorizers.HttpLambdaResponseType.SIMPLE],
      resultsCacheTtl: Duration.minutes(5),
      identitySource: ['$request.header.X-Token'],
    });
    const userPoolAuthorizer = new authorizers.HttpUserPoolAuthorizer('UserPool', userPool, {
      userPoolClients: [userPoolClient],
    });

    // The public API: a default integration, CORS, a JWT default authorizer with scopes, and the
    // unkeyed mapping of api.example.com.
    const api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: 'orders',
      description: 'Orders',
      defaultIntegration: new integrations.HttpLambdaIntegration('Catchall', fn),
      corsPreflight: {
        allowOrigins: ['https://app.example.com', 'http://localhost:3000'],
        allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST, apigwv2.CorsHttpMethod.OPTIONS],
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: ['X-Request-Id'],
        allowCredentials: true,
        maxAge: Duration.hours(1),
      },
      defaultAuthorizer: jwt,
      defaultAuthorizationScopes: ['orders/read'],
      defaultDomainMapping: { domainName: domain },
      ipAddressType: apigwv2.IpAddressType.DUAL_STACK,
    });
    api.addRoutes({
      path: '/orders/{id}',
      methods: [apigwv2.HttpMethod.GET],
      integration: new integrations.HttpLambdaIntegration('GetOrder', fn, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
        timeout: Duration.seconds(10),
        scopePermissionToRoute: false,
      }),
      authorizationScopes: ['orders/read', 'orders/admin'],
    });
    api.addRoutes({
      path: '/orders',
      methods: [apigwv2.HttpMethod.POST],
      integration: new integrations.HttpLambdaIntegration('CreateOrder', fn, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_1_0,
      }),
      authorizer: lambdaAuthorizer,
      // Without this, CDK copies the API's default scopes onto this Lambda-authorized route, and
      // CloudFormation rejects scopes on anything but JWT.
      authorizationScopes: defect === 'scopes-without-jwt' ? undefined : [],
    });
    const [profileRoute] = api.addRoutes({
      path: '/profile',
      methods: [apigwv2.HttpMethod.GET],
      integration: new integrations.HttpUrlIntegration('Profile', 'https://profile.example.com/me', {
        method: apigwv2.HttpMethod.GET,
        parameterMapping: new apigwv2.ParameterMapping()
          .appendHeader('x-request-id', apigwv2.MappingValue.contextVariable('requestId'))
          .overwritePath(apigwv2.MappingValue.custom('/me')),
        timeout: Duration.seconds(5),
      }),
      authorizer: userPoolAuthorizer,
    });
    api.addRoutes({
      path: '/admin/{proxy+}',
      methods: [apigwv2.HttpMethod.ANY],
      integration: new integrations.HttpUrlIntegration('Admin', 'https://admin.example.com/{proxy}'),
      authorizer: new authorizers.HttpIamAuthorizer(),
      authorizationScopes: [],
    });
    if (defect === 'cors-credentials') {
      // CDK refuses `*` with credentials, so only an override can write it.
      (api.node.defaultChild as apigwv2.CfnApi).addPropertyOverride('CorsConfiguration.AllowOrigins', ['*']);
    }
    if (defect === 'invalid-protocol') {
      (api.node.defaultChild as apigwv2.CfnApi).addPropertyOverride('ProtocolType', 'HTTPS');
    }

    const logGroup = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const beta = api.addStage('Beta', {
      stageName: defect === 'stage-name' ? 'beta.1' : 'beta',
      autoDeploy: true,
      description: 'Beta',
      detailedMetricsEnabled: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(logGroup) },
      stageVariables: { backend: 'beta' },
      domainMapping: { domainName: domain, mappingKey: 'beta' },
    });

    // The private API: ALB, NLB and Cloud Map through a VPC link; AWS service integrations.
    const network = new Network(this, 'Network');
    const vpcLink = new apigwv2.VpcLink(this, 'VpcLink', {
      vpc: network.vpc,
      vpcLinkName: 'orders-private',
      subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    const queue = new sqs.Queue(this, 'Queue');
    const bus = new events.EventBus(this, 'Bus');
    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(this, 'Start')),
    });
    const privateApi = new apigwv2.HttpApi(this, 'PrivateApi', {
      disableExecuteApiEndpoint: true,
      createDefaultStage: false,
      defaultAuthorizer: new authorizers.HttpIamAuthorizer(),
    });
    privateApi.addRoutes({
      path: '/alb',
      methods: [apigwv2.HttpMethod.GET],
      integration: new integrations.HttpAlbIntegration('Alb', network.albListener, {
        vpcLink,
        method: apigwv2.HttpMethod.GET,
        secureServerName: 'alb.internal',
        timeout: Duration.seconds(20),
      }),
    });
    privateApi.addRoutes({
      path: '/nlb',
      methods: [apigwv2.HttpMethod.ANY],
      integration: new integrations.HttpNlbIntegration('Nlb', network.nlbListener, { vpcLink }),
    });
    privateApi.addRoutes({
      path: '/service',
      methods: [apigwv2.HttpMethod.GET],
      integration: new integrations.HttpServiceDiscoveryIntegration('CloudMap', network.service, { vpcLink }),
    });
    privateApi.addRoutes({
      path: '/queue',
      methods: [apigwv2.HttpMethod.POST],
      integration: new integrations.HttpSqsIntegration('Sqs', { queue }),
    });
    privateApi.addRoutes({
      path: '/workflow',
      methods: [apigwv2.HttpMethod.POST],
      integration: new integrations.HttpStepFunctionsIntegration('StepFunctions', { stateMachine }),
    });
    privateApi.addRoutes({
      path: '/events',
      methods: [apigwv2.HttpMethod.POST],
      integration: new integrations.HttpEventBridgeIntegration('EventBridge', { eventBusRef: bus.eventBusRef }),
    });
    const privateStage = new apigwv2.HttpStage(this, 'PrivateStage', {
      httpApi: privateApi,
      stageName: 'v1',
      autoDeploy: true,
      throttle: { rateLimit: 10, burstLimit: 20 },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(logGroup) },
    });

    // A third API mapped only to the mTLS domain, whose default endpoint is therefore closed.
    const partnerApi = new apigwv2.HttpApi(this, 'PartnerApi', {
      disableExecuteApiEndpoint: true,
      defaultIntegration: new integrations.HttpLambdaIntegration('Partner', fn),
      defaultAuthorizer: new authorizers.HttpLambdaAuthorizer('PartnerAuthorizer', authorizerFn, {
        responseTypes: [authorizers.HttpLambdaResponseType.IAM],
        resultsCacheTtl: Duration.seconds(0),
      }),
    });
    new apigwv2.ApiMapping(this, 'PartnerMapping', { api: partnerApi, domainName: mtlsDomain });
    new apigwv2.ApiMapping(this, 'PartnerOrdersMapping', {
      api: partnerApi,
      domainName: mtlsDomain,
      apiMappingKey: 'orders/v1',
    });
    new apigwv2.ApiMapping(this, 'PrivateMapping', {
      api: privateApi,
      domainName: domain,
      stage: privateStage,
      apiMappingKey: 'private',
    });
    if (defect === 'unkeyed-mappings') {
      // api.example.com already maps the public API without a key.
      new apigwv2.ApiMapping(this, 'SecondRootMapping', { api: privateApi, domainName: domain, stage: privateStage });
    }
    if (defect === 'mapping-stage') {
      const mapping = new apigwv2.ApiMapping(this, 'StaleMapping', {
        api: privateApi, domainName: domain, stage: privateStage, apiMappingKey: 'stale',
      });
      (mapping.node.defaultChild as apigwv2.CfnApiMapping).addPropertyOverride('Stage', 'prod');
    }
    if (defect === 'integration-timeout') {
      // CDK caps timeouts at 29 s; the service's HTTP API limit is 30 s.
      const integration = profileRoute.node.findChild('Profile').node.defaultChild as CfnResource;
      integration.addPropertyOverride('TimeoutInMillis', 45000);
    }

    // Alarms on API and stage metrics.
    const alarm = (id: string, metric: cloudwatch.Metric) =>
      metric.createAlarm(this, id, { threshold: 1, evaluationPeriods: 1 });
    alarm('ApiServerErrors', api.metricServerError());
    alarm('ApiClientErrors', api.metricClientError({ period: Duration.minutes(1) }));
    alarm('ApiLatency', api.metricLatency());
    alarm('ApiIntegrationLatency', api.metricIntegrationLatency());
    alarm('ApiCount', api.metricCount());
    alarm('ApiDataProcessed', api.metricDataProcessed());
    alarm('BetaServerErrors', beta.metricServerError());
    alarm('BetaLatency', beta.metricLatency());
    if (defect === 'rest-metric-name') {
      alarm('Api5XXError', api.metric('5XXError', { statistic: 'Sum' }));
    }
  }
}

/** WebSocket APIs, in their own stage (a nested cloud assembly, as a CDK Pipelines stage is). */
class WebSocketStack extends Stack {
  constructor(scope: Construct, id: string, defect: Defect | undefined, props: StackProps) {
    super(scope, id, props);
    const connect = handler(this, 'Connect');
    const messages = handler(this, 'Messenger');
    const authorizerFn = handler(this, 'Authorizer');
    const table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    });
    const tableRole = new iam.Role(this, 'TableRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
    });
    table.grantWriteData(tableRole);

    const selection = defect === 'api-key-selection'
      ? new apigwv2.WebSocketApiKeySelectionExpression('$request.header.api-key')
      : apigwv2.WebSocketApiKeySelectionExpression.HEADER_X_API_KEY;
    const api = new apigwv2.WebSocketApi(this, 'Chat', {
      apiName: 'chat',
      description: 'Chat',
      apiKeySelectionExpression: selection,
      routeSelectionExpression: '$request.body.action',
      connectRouteOptions: {
        integration: new integrations.WebSocketLambdaIntegration('Connect', connect),
        authorizer: new authorizers.WebSocketLambdaAuthorizer('Authorizer', authorizerFn, {
          identitySource: ['route.request.header.Authorization', 'route.request.querystring.token'],
        }),
      },
      disconnectRouteOptions: {
        integration: new integrations.WebSocketLambdaIntegration('Disconnect', connect, { timeout: Duration.seconds(10) }),
      },
      defaultRouteOptions: {
        integration: new integrations.WebSocketMockIntegration('Fallback', {
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          templateSelectionExpression: '\\$default',
        }),
        returnResponse: true,
      },
    });
    api.addRoute('send', {
      integration: new integrations.WebSocketLambdaIntegration('Send', messages, {
        contentHandling: apigwv2.ContentHandling.CONVERT_TO_TEXT,
      }),
      returnResponse: true,
    });
    new apigwv2.WebSocketRoute(this, 'StoreRoute', {
      webSocketApi: api,
      routeKey: 'store',
      apiKeyRequired: true,
      integration: new integrations.WebSocketAwsIntegration('Store', {
        integrationUri: `arn:aws:apigateway:${this.region}:dynamodb:action/PutItem`,
        integrationMethod: apigwv2.HttpMethod.POST,
        credentialsRole: tableRole,
        requestTemplates: {
          'application/json': JSON.stringify({ TableName: table.tableName, Item: { id: { S: '$context.requestId' } } }),
        },
        templateSelectionExpression: '\\$default',
        passthroughBehavior: apigwv2.PassthroughBehavior.NEVER,
        timeout: Duration.seconds(10),
      }),
    });

    const domain = new apigwv2.DomainName(this, 'Domain', {
      domainName: 'chat.example.com',
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', certificateArn),
    });
    const logGroup = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const stage = new apigwv2.WebSocketStage(this, 'Production', {
      webSocketApi: api,
      stageName: 'production',
      autoDeploy: true,
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(logGroup) },
      domainMapping: { domainName: domain },
      detailedMetricsEnabled: true,
    });
    api.grantManageConnections(messages);
    stage.grantManagementApiAccess(connect);

    const plan = new apigwv2.UsagePlan(this, 'Plan', {
      apiStages: [{ api, stage }],
      quota: { limit: 10000, period: apigwv2.Period.MONTH },
      throttle: { rateLimit: 10, burstLimit: 20 },
    });
    plan.addApiKey(new apigwv2.ApiKey(this, 'Key', { description: 'Partner key' }));
    new apigwv2.RateLimitedApiKey(this, 'LimitedKey', {
      apiStages: [{ api, stage }],
      quota: { limit: 1000, period: apigwv2.Period.DAY },
    });

    // A second WebSocket API with IAM authorization on $connect.
    const internal = new apigwv2.WebSocketApi(this, 'Internal', {
      connectRouteOptions: {
        integration: new integrations.WebSocketLambdaIntegration('InternalConnect', connect),
        authorizer: new authorizers.WebSocketIamAuthorizer(),
      },
    });
    new apigwv2.WebSocketStage(this, 'InternalStage', { webSocketApi: internal, stageName: 'internal', autoDeploy: true });

    const alarm = (id: string, metric: cloudwatch.Metric) =>
      metric.createAlarm(this, id, { threshold: 1, evaluationPeriods: 1 });
    alarm('ConnectCount', api.metric('ConnectCount', { statistic: 'Sum' }));
    alarm('ExecutionErrors', api.metric('ExecutionError', { statistic: 'Sum' }));
    alarm('StageMessages', stage.metric('MessageCount', { statistic: 'Sum' }));
    alarm('StageIntegrationLatency', stage.metric('IntegrationLatency'));
  }
}

/** A stage as CDK Pipelines deploys it: its stacks go to a nested cloud assembly. */
class Realtime extends Stage {
  constructor(scope: Construct, id: string, defect: Defect | undefined) {
    super(scope, id, { env });
    new WebSocketStack(this, 'WebSocket', defect, {});
  }
}

function main(): void {
  const defect = (process.env.DEFECT || undefined) as Defect | undefined;
  if (defect !== undefined && !(defect in DEFECTS)) {
    throw new Error(`unknown defect ${defect}; one of ${Object.keys(DEFECTS).join(', ')}`);
  }
  const app = new App();
  const plugin = process.env.APIGW_LINT_PLUGIN;
  if (plugin) {
    // Loaded by path, so that the app (and its fixtures) do not depend on the plugin's build.
    const { ApigwLintValidator } = require(path.resolve(plugin)) as {
      ApigwLintValidator: new () => IPolicyValidationPlugin;
    };
    Validations.of(app).addPlugins(new ApigwLintValidator());
  }
  new HttpApiStack(app, 'Orders', defect, { env });
  new Realtime(app, 'Realtime', defect);
  app.synth();
}

main();
