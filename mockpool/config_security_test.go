package mockpool_test

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestRiskConfiguration(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	client, _ := createClient(t, c, pool, types.PreventUserExistenceErrorTypesEnabled, false)

	d, err := c.DescribeRiskConfiguration(ctx, &cip.DescribeRiskConfigurationInput{UserPoolId: aws.String(pool)})
	noErr(t, err)
	if aws.ToString(d.RiskConfiguration.UserPoolId) != pool || d.RiskConfiguration.CompromisedCredentialsRiskConfiguration != nil {
		t.Fatalf("unset: %+v", d.RiskConfiguration)
	}
	for _, tc := range []struct {
		name, client string
		ranges       []string
		code, msg    string
	}{
		{"unknown client", "nosuchclient", nil, "ResourceNotFoundException", "User pool client nosuchclient does not exist."},
		{"bad range", "", []string{"10.0.0.0/33"}, "InvalidParameterException", "1 validation error detected: Value '10.0.0.0/33' at 'riskExceptionConfiguration.blockedIPRangeList.member' failed to satisfy constraint: Member must be a valid CIDR range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := &cip.SetRiskConfigurationInput{UserPoolId: aws.String(pool), RiskExceptionConfiguration: &types.RiskExceptionConfigurationType{BlockedIPRangeList: tc.ranges}}
			if tc.client != "" {
				in.ClientId = aws.String(tc.client)
			}
			_, err := c.SetRiskConfiguration(ctx, in)
			apiErr(t, err, tc.code, tc.msg)
		})
	}

	set := &cip.SetRiskConfigurationInput{
		UserPoolId: aws.String(pool),
		CompromisedCredentialsRiskConfiguration: &types.CompromisedCredentialsRiskConfigurationType{
			Actions:     &types.CompromisedCredentialsActionsType{EventAction: types.CompromisedCredentialsEventActionTypeBlock},
			EventFilter: []types.EventFilterType{types.EventFilterTypeSignIn, types.EventFilterTypeSignUp},
		},
		AccountTakeoverRiskConfiguration: &types.AccountTakeoverRiskConfigurationType{
			Actions: &types.AccountTakeoverActionsType{HighAction: &types.AccountTakeoverActionType{EventAction: types.AccountTakeoverEventActionTypeMfaRequired, Notify: true}},
		},
		RiskExceptionConfiguration: &types.RiskExceptionConfigurationType{SkippedIPRangeList: []string{"192.0.2.0/24"}},
	}
	out, err := c.SetRiskConfiguration(ctx, set)
	noErr(t, err)
	rc := out.RiskConfiguration
	if rc.CompromisedCredentialsRiskConfiguration.Actions.EventAction != types.CompromisedCredentialsEventActionTypeBlock ||
		!reflect.DeepEqual(rc.CompromisedCredentialsRiskConfiguration.EventFilter, set.CompromisedCredentialsRiskConfiguration.EventFilter) ||
		rc.AccountTakeoverRiskConfiguration.Actions.HighAction.EventAction != types.AccountTakeoverEventActionTypeMfaRequired ||
		!rc.AccountTakeoverRiskConfiguration.Actions.HighAction.Notify ||
		!reflect.DeepEqual(rc.RiskExceptionConfiguration.SkippedIPRangeList, []string{"192.0.2.0/24"}) || rc.LastModifiedDate == nil {
		t.Fatalf("set echo: %+v", rc)
	}
	// A client without its own configuration gets the pool's.
	d, err = c.DescribeRiskConfiguration(ctx, &cip.DescribeRiskConfigurationInput{UserPoolId: aws.String(pool), ClientId: aws.String(client)})
	noErr(t, err)
	if d.RiskConfiguration.AccountTakeoverRiskConfiguration == nil || d.RiskConfiguration.ClientId != nil {
		t.Fatalf("client fallback: %+v", d.RiskConfiguration)
	}
	_, err = c.SetRiskConfiguration(ctx, &cip.SetRiskConfigurationInput{UserPoolId: aws.String(pool), ClientId: aws.String(client),
		RiskExceptionConfiguration: &types.RiskExceptionConfigurationType{BlockedIPRangeList: []string{"198.51.100.0/24"}}})
	noErr(t, err)
	d, err = c.DescribeRiskConfiguration(ctx, &cip.DescribeRiskConfigurationInput{UserPoolId: aws.String(pool), ClientId: aws.String(client)})
	noErr(t, err)
	if aws.ToString(d.RiskConfiguration.ClientId) != client || d.RiskConfiguration.AccountTakeoverRiskConfiguration != nil ||
		!reflect.DeepEqual(d.RiskConfiguration.RiskExceptionConfiguration.BlockedIPRangeList, []string{"198.51.100.0/24"}) {
		t.Fatalf("client's own: %+v", d.RiskConfiguration)
	}
}

func TestLogDeliveryConfiguration(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	g, err := c.GetLogDeliveryConfiguration(ctx, &cip.GetLogDeliveryConfigurationInput{UserPoolId: aws.String(pool)})
	noErr(t, err)
	if aws.ToString(g.LogDeliveryConfiguration.UserPoolId) != pool || len(g.LogDeliveryConfiguration.LogConfigurations) != 0 {
		t.Fatalf("unset: %+v", g.LogDeliveryConfiguration)
	}
	cw := &types.CloudWatchLogsConfigurationType{LogGroupArn: aws.String("arn:aws:logs:us-east-1:123456789012:log-group:cognito")}
	s3 := &types.S3ConfigurationType{BucketArn: aws.String("arn:aws:s3:::my-bucket")}
	for _, tc := range []struct {
		name      string
		confs     []types.LogConfigurationType
		code, msg string
	}{
		{"two destinations", []types.LogConfigurationType{{EventSource: types.EventSourceNameUserNotification, LogLevel: types.LogLevelError, CloudWatchLogsConfiguration: cw, S3Configuration: s3}},
			"InvalidParameterException", "Each log configuration must have exactly one destination."},
		{"no destination", []types.LogConfigurationType{{EventSource: types.EventSourceNameUserNotification, LogLevel: types.LogLevelError}},
			"InvalidParameterException", "Each log configuration must have exactly one destination."},
		{"wrong level", []types.LogConfigurationType{{EventSource: types.EventSourceNameUserNotification, LogLevel: types.LogLevelInfo, CloudWatchLogsConfiguration: cw}},
			"InvalidParameterException", "Invalid log level for event source userNotification."},
		{"same source twice", []types.LogConfigurationType{
			{EventSource: types.EventSourceNameUserAuthEvents, LogLevel: types.LogLevelInfo, CloudWatchLogsConfiguration: cw},
			{EventSource: types.EventSourceNameUserAuthEvents, LogLevel: types.LogLevelInfo, CloudWatchLogsConfiguration: cw}},
			"InvalidParameterException", "Duplicate log configuration for event source userAuthEvents."},
		{"bad arn", []types.LogConfigurationType{{EventSource: types.EventSourceNameUserNotification, LogLevel: types.LogLevelError,
			CloudWatchLogsConfiguration: &types.CloudWatchLogsConfigurationType{LogGroupArn: aws.String("not-an-arn-at-all-really")}}},
			"InvalidParameterException", `1 validation error detected: Value 'not-an-arn-at-all-really' at 'logConfigurations.member.cloudWatchLogsConfiguration.logGroupArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.SetLogDeliveryConfiguration(ctx, &cip.SetLogDeliveryConfigurationInput{UserPoolId: aws.String(pool), LogConfigurations: tc.confs})
			apiErr(t, err, tc.code, tc.msg)
		})
	}
	confs := []types.LogConfigurationType{
		{EventSource: types.EventSourceNameUserNotification, LogLevel: types.LogLevelError, CloudWatchLogsConfiguration: cw},
		{EventSource: types.EventSourceNameUserAuthEvents, LogLevel: types.LogLevelInfo, FirehoseConfiguration: &types.FirehoseConfigurationType{StreamArn: aws.String("arn:aws:firehose:us-east-1:123456789012:deliverystream/x")}},
	}
	_, err = c.SetLogDeliveryConfiguration(ctx, &cip.SetLogDeliveryConfigurationInput{UserPoolId: aws.String(pool), LogConfigurations: confs})
	noErr(t, err)
	g, err = c.GetLogDeliveryConfiguration(ctx, &cip.GetLogDeliveryConfigurationInput{UserPoolId: aws.String(pool)})
	noErr(t, err)
	if !reflect.DeepEqual(g.LogDeliveryConfiguration.LogConfigurations, confs) {
		t.Fatalf("get: %+v", g.LogDeliveryConfiguration.LogConfigurations)
	}
}
