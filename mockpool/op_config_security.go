package mockpool

// Risk configuration (DescribeRiskConfiguration, SetRiskConfiguration) and log
// delivery (GetLogDeliveryConfiguration, SetLogDeliveryConfiguration).
//
// Not acted on: the mock has no threat protection, so no sign-in is scored, no
// compromised-credentials check runs, no risk action (block, MFA, notify) is
// taken and no notification e-mail is sent; the IP range lists are validated
// and stored, not enforced. The feature plan (Plus) that Cognito requires for
// SetRiskConfiguration is not checked. Log delivery writes no log anywhere:
// the CloudWatch, S3 and Firehose ARNs are validated for shape and echoed only.

import (
	"net/netip"
	"regexp"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

var arnPattern = regexp.MustCompile(`^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$`)

const arnPatternText = `arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`

// An S3 bucket's ARN has neither region nor account.
var bucketArnPattern = regexp.MustCompile(`^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:::[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$`)

const bucketArnPatternText = `arn:[\w+=/,.@-]+:[\w+=/,.@-]+:::[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`

func validArn(v *validator, field, arn string, required bool) {
	if required {
		v.required(field, arn != "")
	}
	if arn == "" {
		return
	}
	v.length(field, arn, 20, 2048, false)
	validPattern(v, field, arn, arnPattern, arnPatternText)
}

type compromisedCredentialsConfig struct {
	EventFilter []string `json:"EventFilter,omitempty"`
	Actions     *struct {
		EventAction string `json:"EventAction"`
	} `json:"Actions"`
}

type riskExceptionConfig struct {
	BlockedIPRangeList []string `json:"BlockedIPRangeList,omitempty"`
	SkippedIPRangeList []string `json:"SkippedIPRangeList,omitempty"`
}

// riskConfiguration is RiskConfigurationType. The account-takeover member is
// kept as given (its nested actions and notify templates are only echoed).
type riskConfiguration struct {
	UserPoolId                              string                        `json:"UserPoolId,omitempty"`
	ClientId                                string                        `json:"ClientId,omitempty"`
	CompromisedCredentialsRiskConfiguration *compromisedCredentialsConfig `json:"CompromisedCredentialsRiskConfiguration,omitempty"`
	AccountTakeoverRiskConfiguration        jsonRaw                       `json:"AccountTakeoverRiskConfiguration,omitempty"`
	RiskExceptionConfiguration              *riskExceptionConfig          `json:"RiskExceptionConfiguration,omitempty"`
	LastModifiedDate                        float64                       `json:"LastModifiedDate,omitempty"`
}

type riskConfigurationOutput struct {
	RiskConfiguration riskConfiguration `json:"RiskConfiguration"`
}

type describeRiskConfigurationInput struct {
	UserPoolId string `json:"UserPoolId"`
	ClientId   string `json:"ClientId"`
}

func (in *describeRiskConfigurationInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validOptClientID(v, in.ClientId)
}

func riskKey(clientID string) string {
	if clientID == "" {
		clientID = "ALL"
	}
	return cfgKey(cfgRisk, clientID)
}

// opDescribeRiskConfiguration returns the client's configuration, else the
// pool's, else a shape with only the ids (inferred fallback).
func (s *Server) opDescribeRiskConfiguration(_ *request, in *describeRiskConfigurationInput) (*riskConfigurationOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if e := s.cfgClient(p, in.ClientId); e != nil {
		return nil, e
	}
	if rc, ok := configGet[riskConfiguration](s, p, riskKey(in.ClientId)); ok {
		return &riskConfigurationOutput{RiskConfiguration: rc}, nil
	}
	if rc, ok := configGet[riskConfiguration](s, p, riskKey("")); ok {
		return &riskConfigurationOutput{RiskConfiguration: rc}, nil
	}
	return &riskConfigurationOutput{RiskConfiguration: riskConfiguration{UserPoolId: p.id, ClientId: in.ClientId}}, nil
}

type setRiskConfigurationInput struct {
	UserPoolId                              string                        `json:"UserPoolId"`
	ClientId                                string                        `json:"ClientId"`
	CompromisedCredentialsRiskConfiguration *compromisedCredentialsConfig `json:"CompromisedCredentialsRiskConfiguration"`
	AccountTakeoverRiskConfiguration        jsonRaw                       `json:"AccountTakeoverRiskConfiguration"`
	RiskExceptionConfiguration              *riskExceptionConfig          `json:"RiskExceptionConfiguration"`
}

func validIPRanges(v *validator, field string, list []string) {
	if len(list) > 200 {
		v.add("Value at '" + field + "' failed to satisfy constraint: Member must have length less than or equal to 200")
	}
	for _, c := range list { // the text is inferred
		if _, err := netip.ParsePrefix(c); err != nil {
			v.add("Value '" + echo(c) + "' at '" + field + ".member' failed to satisfy constraint: Member must be a valid CIDR range")
		}
	}
}

func (in *setRiskConfigurationInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	validOptClientID(v, in.ClientId)
	if c := in.CompromisedCredentialsRiskConfiguration; c != nil {
		v.required("compromisedCredentialsRiskConfiguration.actions", c.Actions != nil)
		if c.Actions != nil {
			v.required("compromisedCredentialsRiskConfiguration.actions.eventAction", c.Actions.EventAction != "")
			if c.Actions.EventAction != "" {
				v.enum("compromisedCredentialsRiskConfiguration.actions.eventAction", c.Actions.EventAction, []string{"BLOCK", "NO_ACTION"})
			}
		}
		for _, f := range c.EventFilter {
			v.enum("compromisedCredentialsRiskConfiguration.eventFilter.member", f, []string{"SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"})
		}
	}
	if x := in.RiskExceptionConfiguration; x != nil {
		validIPRanges(v, "riskExceptionConfiguration.blockedIPRangeList", x.BlockedIPRangeList)
		validIPRanges(v, "riskExceptionConfiguration.skippedIPRangeList", x.SkippedIPRangeList)
	}
}

func (s *Server) opSetRiskConfiguration(r *request, in *setRiskConfigurationInput) (*riskConfigurationOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	if e := s.cfgClient(p, in.ClientId); e != nil {
		return nil, e
	}
	rc := riskConfiguration{
		UserPoolId: p.id, ClientId: in.ClientId,
		CompromisedCredentialsRiskConfiguration: in.CompromisedCredentialsRiskConfiguration,
		AccountTakeoverRiskConfiguration:        rawOrNil(in.AccountTakeoverRiskConfiguration),
		RiskExceptionConfiguration:              in.RiskExceptionConfiguration,
		LastModifiedDate:                        epoch(r.now.UnixMilli()),
	}
	if e := s.configTx(p, func(tx *configTx) *apiError { return tx.put(riskKey(in.ClientId), rc) }); e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &riskConfigurationOutput{RiskConfiguration: rc}, nil
}

type logConfiguration struct {
	LogLevel                    string `json:"LogLevel"`
	EventSource                 string `json:"EventSource"`
	CloudWatchLogsConfiguration *struct {
		LogGroupArn string `json:"LogGroupArn,omitempty"`
	} `json:"CloudWatchLogsConfiguration,omitempty"`
	S3Configuration *struct {
		BucketArn string `json:"BucketArn,omitempty"`
	} `json:"S3Configuration,omitempty"`
	FirehoseConfiguration *struct {
		StreamArn string `json:"StreamArn,omitempty"`
	} `json:"FirehoseConfiguration,omitempty"`
}

// logDeliveryConfiguration is LogDeliveryConfigurationType.
type logDeliveryConfiguration struct {
	UserPoolId        string             `json:"UserPoolId"`
	LogConfigurations []logConfiguration `json:"LogConfigurations"`
}

type logDeliveryOutput struct {
	LogDeliveryConfiguration logDeliveryConfiguration `json:"LogDeliveryConfiguration"`
}

type getLogDeliveryInput struct {
	UserPoolId string `json:"UserPoolId"`
}

func (in *getLogDeliveryInput) validate(v *validator) { validPoolID(v, in.UserPoolId) }

// opGetLogDeliveryConfiguration answers a pool without one with an empty list
// (inferred).
func (s *Server) opGetLogDeliveryConfiguration(_ *request, in *getLogDeliveryInput) (*logDeliveryOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	c, ok := configGet[logDeliveryConfiguration](s, p, cfgKey(cfgLog, "pool"))
	if !ok {
		c = logDeliveryConfiguration{UserPoolId: p.id, LogConfigurations: []logConfiguration{}}
	}
	return &logDeliveryOutput{LogDeliveryConfiguration: c}, nil
}

type setLogDeliveryInput struct {
	UserPoolId        string             `json:"UserPoolId"`
	LogConfigurations []logConfiguration `json:"LogConfigurations"`
}

func (in *setLogDeliveryInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	v.required("logConfigurations", in.LogConfigurations != nil)
	if len(in.LogConfigurations) > 2 {
		v.add("Value at 'logConfigurations' failed to satisfy constraint: Member must have length less than or equal to 2")
	}
	for _, c := range in.LogConfigurations {
		v.required("logConfigurations.member.logLevel", c.LogLevel != "")
		if c.LogLevel != "" {
			v.enum("logConfigurations.member.logLevel", c.LogLevel, []string{"ERROR", "INFO"})
		}
		v.required("logConfigurations.member.eventSource", c.EventSource != "")
		if c.EventSource != "" {
			v.enum("logConfigurations.member.eventSource", c.EventSource, []string{"userNotification", "userAuthEvents"})
		}
		if c.CloudWatchLogsConfiguration != nil {
			validArn(v, "logConfigurations.member.cloudWatchLogsConfiguration.logGroupArn", c.CloudWatchLogsConfiguration.LogGroupArn, false)
		}
		if c.S3Configuration != nil && c.S3Configuration.BucketArn != "" {
			v.length("logConfigurations.member.s3Configuration.bucketArn", c.S3Configuration.BucketArn, 3, 1024, false)
			validPattern(v, "logConfigurations.member.s3Configuration.bucketArn", c.S3Configuration.BucketArn, bucketArnPattern, bucketArnPatternText)
		}
		if c.FirehoseConfiguration != nil {
			validArn(v, "logConfigurations.member.firehoseConfiguration.streamArn", c.FirehoseConfiguration.StreamArn, false)
		}
	}
}

// checkLogConfigurations applies the rules between members: one destination per
// configuration, one configuration per event source, userNotification logs only
// at ERROR and userAuthEvents only at INFO (the developer guide; texts inferred).
func checkLogConfigurations(list []logConfiguration) *apiError {
	seen := map[string]bool{}
	for _, c := range list {
		n := 0
		if c.CloudWatchLogsConfiguration != nil {
			n++
		}
		if c.S3Configuration != nil {
			n++
		}
		if c.FirehoseConfiguration != nil {
			n++
		}
		if n != 1 {
			return invalidParam(cognito.MsgLogOneDestination)
		}
		if c.EventSource == "userNotification" && c.LogLevel != "ERROR" || c.EventSource == "userAuthEvents" && c.LogLevel != "INFO" {
			return invalidParam(cognito.MsgLogLevelForSource(c.EventSource))
		}
		if seen[c.EventSource] {
			return invalidParam(cognito.MsgLogDuplicateSource(c.EventSource))
		}
		seen[c.EventSource] = true
	}
	return nil
}

func (s *Server) opSetLogDeliveryConfiguration(r *request, in *setLogDeliveryInput) (*logDeliveryOutput, *apiError) {
	if e := checkLogConfigurations(in.LogConfigurations); e != nil {
		return nil, e
	}
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	c := logDeliveryConfiguration{UserPoolId: p.id, LogConfigurations: in.LogConfigurations}
	if e := s.configTx(p, func(tx *configTx) *apiError { return tx.put(cfgKey(cfgLog, "pool"), c) }); e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &logDeliveryOutput{LogDeliveryConfiguration: c}, nil
}
