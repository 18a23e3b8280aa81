package mockpool_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestGetCSVHeader(t *testing.T) {
	_, c, _ := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	out, err := c.GetCSVHeader(ctx, &cip.GetCSVHeaderInput{UserPoolId: aws.String(pool)})
	noErr(t, err)
	want := []string{"name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
		"website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number",
		"phone_number_verified", "address", "updated_at", "cognito:mfa_enabled", "cognito:username"}
	if aws.ToString(out.UserPoolId) != pool || !reflect.DeepEqual(out.CSVHeader, want) {
		t.Fatalf("header: %v", out.CSVHeader)
	}
	_, err = c.GetCSVHeader(ctx, &cip.GetCSVHeaderInput{UserPoolId: aws.String("us-east-1_nope")})
	apiErr(t, err, "ResourceNotFoundException", "User pool us-east-1_nope does not exist.")
}

const logsRole = "arn:aws:iam::123456789012:role/CognitoImport"

func TestUserImportJobLifecycle(t *testing.T) {
	_, c, clk := newServer(t)
	pool := createPool(t, c, &cip.CreateUserPoolInput{})
	for _, tc := range []struct {
		name, job, role, code, msg string
	}{
		{"bad name", "a!b", logsRole, "InvalidParameterException", `1 validation error detected: Value 'a!b' at 'jobName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+`},
		{"bad role", "job", "role", "InvalidParameterException", `2 validation errors detected: Value 'role' at 'cloudWatchLogsRoleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; Value 'role' at 'cloudWatchLogsRoleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CreateUserImportJob(ctx, &cip.CreateUserImportJobInput{UserPoolId: aws.String(pool), JobName: aws.String(tc.job), CloudWatchLogsRoleArn: aws.String(tc.role)})
			apiErr(t, err, tc.code, tc.msg)
		})
	}

	out, err := c.CreateUserImportJob(ctx, &cip.CreateUserImportJobInput{UserPoolId: aws.String(pool), JobName: aws.String("first"), CloudWatchLogsRoleArn: aws.String(logsRole)})
	noErr(t, err)
	j := out.UserImportJob
	id := aws.ToString(j.JobId)
	if !strings.HasPrefix(id, "import-") || j.Status != types.UserImportJobStatusTypeCreated || !strings.HasPrefix(aws.ToString(j.PreSignedUrl), "https://") ||
		!strings.Contains(aws.ToString(j.PreSignedUrl), "X-Amz-Signature=") || aws.ToString(j.CloudWatchLogsRoleArn) != logsRole || j.StartDate != nil {
		t.Fatalf("create: %+v", j)
	}
	status := func() types.UserImportJobStatusType {
		t.Helper()
		d, err := c.DescribeUserImportJob(ctx, &cip.DescribeUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String(id)})
		noErr(t, err)
		return d.UserImportJob.Status
	}
	_, err = c.StopUserImportJob(ctx, &cip.StopUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String(id)})
	apiErr(t, err, "PreconditionNotMetException", "Import job is not in Pending or InProgress status.")

	st, err := c.StartUserImportJob(ctx, &cip.StartUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String(id)})
	noErr(t, err)
	if st.UserImportJob.Status != types.UserImportJobStatusTypePending || st.UserImportJob.StartDate == nil {
		t.Fatalf("start: %+v", st.UserImportJob)
	}
	_, err = c.StartUserImportJob(ctx, &cip.StartUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String(id)})
	apiErr(t, err, "PreconditionNotMetException", "Import job is not in Created status.")
	clk.advance(time.Second)
	if s := status(); s != types.UserImportJobStatusTypeInProgress {
		t.Fatalf("after 1s: %s", s)
	}
	clk.advance(time.Second)
	d, err := c.DescribeUserImportJob(ctx, &cip.DescribeUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String(id)})
	noErr(t, err)
	if d.UserImportJob.Status != types.UserImportJobStatusTypeSucceeded || d.UserImportJob.ImportedUsers != 0 || d.UserImportJob.CompletionDate == nil ||
		aws.ToString(d.UserImportJob.CompletionMessage) != "Import Job Completed Successfully." {
		t.Fatalf("after 2s: %+v", d.UserImportJob)
	}
	_, err = c.StopUserImportJob(ctx, &cip.StopUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String(id)})
	apiErr(t, err, "PreconditionNotMetException", "Import job is not in Pending or InProgress status.")

	// A second job, stopped while pending.
	out2, err := c.CreateUserImportJob(ctx, &cip.CreateUserImportJobInput{UserPoolId: aws.String(pool), JobName: aws.String("second"), CloudWatchLogsRoleArn: aws.String(logsRole)})
	noErr(t, err)
	id2 := aws.ToString(out2.UserImportJob.JobId)
	_, err = c.StartUserImportJob(ctx, &cip.StartUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String(id2)})
	noErr(t, err)
	stop, err := c.StopUserImportJob(ctx, &cip.StopUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String(id2)})
	noErr(t, err)
	if stop.UserImportJob.Status != types.UserImportJobStatusTypeStopped || stop.UserImportJob.CompletionDate == nil {
		t.Fatalf("stop: %+v", stop.UserImportJob)
	}
	clk.advance(10 * time.Second)
	l, err := c.ListUserImportJobs(ctx, &cip.ListUserImportJobsInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(1)})
	noErr(t, err)
	if len(l.UserImportJobs) != 1 || aws.ToString(l.UserImportJobs[0].JobId) != id || l.PaginationToken == nil {
		t.Fatalf("list page 1: %+v", l)
	}
	l, err = c.ListUserImportJobs(ctx, &cip.ListUserImportJobsInput{UserPoolId: aws.String(pool), MaxResults: aws.Int32(1), PaginationToken: l.PaginationToken})
	noErr(t, err)
	if len(l.UserImportJobs) != 1 || l.UserImportJobs[0].Status != types.UserImportJobStatusTypeStopped || l.PaginationToken != nil {
		t.Fatalf("list page 2: %+v", l)
	}
	_, err = c.DescribeUserImportJob(ctx, &cip.DescribeUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String("import-nope")})
	apiErr(t, err, "ResourceNotFoundException", "Import job does not exist.")
	_, err = c.DescribeUserImportJob(ctx, &cip.DescribeUserImportJobInput{UserPoolId: aws.String(pool), JobId: aws.String("job-1")})
	apiErr(t, err, "InvalidParameterException", "1 validation error detected: Value 'job-1' at 'jobId' failed to satisfy constraint: Member must satisfy regular expression pattern: import-[0-9a-zA-Z-]+")
}
