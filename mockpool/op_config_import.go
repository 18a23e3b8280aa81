package mockpool

// User import jobs: GetCSVHeader, CreateUserImportJob, DescribeUserImportJob,
// ListUserImportJobs, StartUserImportJob, StopUserImportJob.
//
// Not acted on: the mock does not import. The PreSignedUrl accepts nothing (it
// names no real bucket), no CSV is read and no user is created; the
// CloudWatchLogsRoleArn is not assumed and no log is written. A started job
// moves through the statuses on the server's clock alone: Pending, InProgress one
// second after StartUserImportJob, Succeeded with zero imported, skipped and
// failed users two seconds after it. StopUserImportJob moves a Pending or
// InProgress job to Stopped at once (Cognito passes through Stopping).

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"time"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

var (
	jobNamePattern = regexp.MustCompile(`^[\w\s+=,.@-]+$`)
	jobIDPattern   = regexp.MustCompile(`^import-[0-9a-zA-Z-]+$`)
)

// csvStandardHeader is GetCSVHeader's list for a pool without custom attributes,
// in Cognito's order (a public get-csv-header answer), before the custom
// attributes and the two cognito: columns.
var csvStandardHeader = []string{
	"name", "given_name", "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
	"website", "email", "email_verified", "gender", "birthdate", "zoneinfo", "locale", "phone_number",
	"phone_number_verified", "address", "updated_at",
}

// csvCustomAttributes returns the pool's custom attribute names ("custom:x"), in
// declaration order, for GetCSVHeader.
func (s *Server) csvCustomAttributes(p *pool) []string { return p.attrSchema().Customs() }

type getCSVHeaderInput struct {
	UserPoolId string `json:"UserPoolId"`
}

func (in *getCSVHeaderInput) validate(v *validator) { validPoolID(v, in.UserPoolId) }

type getCSVHeaderOutput struct {
	UserPoolId string   `json:"UserPoolId"`
	CSVHeader  []string `json:"CSVHeader"`
}

func (s *Server) opGetCSVHeader(_ *request, in *getCSVHeaderInput) (*getCSVHeaderOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	h := append([]string(nil), csvStandardHeader...)
	h = append(h, s.csvCustomAttributes(p)...)
	h = append(h, "cognito:mfa_enabled", "cognito:username")
	return &getCSVHeaderOutput{UserPoolId: p.id, CSVHeader: h}, nil
}

// importJob is a job as stored (Status is Created, Pending or Stopped; the clock
// derives InProgress and Succeeded from a Pending job's start).
type importJob struct {
	JobName               string `json:"JobName"`
	JobId                 string `json:"JobId"`
	UserPoolId            string `json:"UserPoolId"`
	PreSignedUrl          string `json:"PreSignedUrl"`
	CloudWatchLogsRoleArn string `json:"CloudWatchLogsRoleArn"`
	Status                string `json:"Status"`
	Created               int64  `json:"created"`
	Started               int64  `json:"started,omitempty"`
	Completed             int64  `json:"completed,omitempty"`
}

// userImportJobType is UserImportJobType on the wire.
type userImportJobType struct {
	JobName               string  `json:"JobName"`
	JobId                 string  `json:"JobId"`
	UserPoolId            string  `json:"UserPoolId"`
	PreSignedUrl          string  `json:"PreSignedUrl"`
	CreationDate          float64 `json:"CreationDate"`
	StartDate             float64 `json:"StartDate,omitempty"`
	CompletionDate        float64 `json:"CompletionDate,omitempty"`
	Status                string  `json:"Status"`
	CloudWatchLogsRoleArn string  `json:"CloudWatchLogsRoleArn"`
	ImportedUsers         int64   `json:"ImportedUsers"`
	SkippedUsers          int64   `json:"SkippedUsers"`
	FailedUsers           int64   `json:"FailedUsers"`
	CompletionMessage     string  `json:"CompletionMessage,omitempty"`
}

const (
	jobInProgressAfter = time.Second
	jobSucceededAfter  = 2 * time.Second
)

// status is the job's status at now.
func (j *importJob) status(now time.Time) (string, int64) {
	if j.Status != "Pending" {
		return j.Status, j.Completed
	}
	elapsed := now.UnixMilli() - j.Started
	switch {
	case elapsed >= jobSucceededAfter.Milliseconds():
		return "Succeeded", j.Started + jobSucceededAfter.Milliseconds()
	case elapsed >= jobInProgressAfter.Milliseconds():
		return "InProgress", 0
	}
	return "Pending", 0
}

func (j *importJob) wire(now time.Time) userImportJobType {
	st, done := j.status(now)
	out := userImportJobType{
		JobName: j.JobName, JobId: j.JobId, UserPoolId: j.UserPoolId, PreSignedUrl: j.PreSignedUrl,
		CreationDate: epoch(j.Created), Status: st, CloudWatchLogsRoleArn: j.CloudWatchLogsRoleArn,
	}
	if j.Started != 0 {
		out.StartDate = epoch(j.Started)
	}
	if done != 0 {
		out.CompletionDate = epoch(done)
	}
	switch st {
	case "Succeeded":
		out.CompletionMessage = cognito.MsgImportJobSucceeded
	case "Stopped":
		out.CompletionMessage = cognito.MsgImportJobStopped
	}
	return out
}

type userImportJobOutput struct {
	UserImportJob userImportJobType `json:"UserImportJob"`
}

type createUserImportJobInput struct {
	JobName               string `json:"JobName"`
	UserPoolId            string `json:"UserPoolId"`
	CloudWatchLogsRoleArn string `json:"CloudWatchLogsRoleArn"`
}

func (in *createUserImportJobInput) validate(v *validator) {
	v.required("jobName", in.JobName != "")
	if in.JobName != "" {
		v.length("jobName", in.JobName, 1, 128, false)
		validPattern(v, "jobName", in.JobName, jobNamePattern, `[\w\s+=,.@-]+`)
	}
	validPoolID(v, in.UserPoolId)
	validArn(v, "cloudWatchLogsRoleArn", in.CloudWatchLogsRoleArn, true)
}

// preSignedURL is a URL of the shape Cognito returns (an S3 PUT URL, valid for
// 15 minutes); nothing listens on it.
func (s *Server) preSignedURL(p *pool, jobID string, now time.Time) string {
	sig := sha256.Sum256([]byte(p.id + "/" + jobID + "/" + s.randString(alnum, 16)))
	return "https://aws-cognito-idp-user-import-" + s.region + ".s3.amazonaws.com/" + accountID(p) + "/" + p.id + "/" + jobID +
		"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=" + now.UTC().Format("20060102T150405Z") +
		"&X-Amz-SignedHeaders=host%3Bx-amz-server-side-encryption&X-Amz-Expires=900&X-Amz-Signature=" + hex.EncodeToString(sig[:])
}

func (s *Server) opCreateUserImportJob(r *request, in *createUserImportJobInput) (*userImportJobOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	id := "import-" + s.randString(alnum, 10)
	j := importJob{
		JobName: in.JobName, JobId: id, UserPoolId: p.id, PreSignedUrl: s.preSignedURL(p, id, r.now),
		CloudWatchLogsRoleArn: in.CloudWatchLogsRoleArn, Status: "Created", Created: r.now.UnixMilli(),
	}
	if e := s.configTx(p, func(tx *configTx) *apiError { return tx.put(cfgKey(cfgJob, id), j) }); e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &userImportJobOutput{UserImportJob: j.wire(r.now)}, nil
}

type importJobKeyInput struct {
	UserPoolId string `json:"UserPoolId"`
	JobId      string `json:"JobId"`
}

func (in *importJobKeyInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	v.required("jobId", in.JobId != "")
	if in.JobId != "" {
		v.length("jobId", in.JobId, 1, 55, false)
		validPattern(v, "jobId", in.JobId, jobIDPattern, `import-[0-9a-zA-Z-]+`)
	}
}

func (s *Server) opDescribeUserImportJob(r *request, in *importJobKeyInput) (*userImportJobOutput, *apiError) {
	j, e := describeConfig[importJob](s, in.UserPoolId, cfgKey(cfgJob, in.JobId), cognito.MsgImportJobNotFound)
	if e != nil {
		return nil, e
	}
	return &userImportJobOutput{UserImportJob: j.wire(r.now)}, nil
}

type listUserImportJobsInput struct {
	UserPoolId      string `json:"UserPoolId"`
	MaxResults      int32  `json:"MaxResults"`
	PaginationToken string `json:"PaginationToken"`
}

func (in *listUserImportJobsInput) validate(v *validator) {
	validPoolID(v, in.UserPoolId)
	v.required("maxResults", in.MaxResults != 0)
	validMaxResults(v, "maxResults", in.MaxResults, 60)
}

type listUserImportJobsOutput struct {
	UserImportJobs  []userImportJobType `json:"UserImportJobs"`
	PaginationToken string              `json:"PaginationToken,omitempty"`
}

func (s *Server) opListUserImportJobs(r *request, in *listUserImportJobsInput) (*listUserImportJobsOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	page, next, e := paginate(configList[importJob](s, p, cfgJob), in.MaxResults, 60, in.PaginationToken)
	if e != nil {
		return nil, e
	}
	out := &listUserImportJobsOutput{UserImportJobs: []userImportJobType{}, PaginationToken: next}
	for i := range page {
		out.UserImportJobs = append(out.UserImportJobs, page[i].wire(r.now))
	}
	return out, nil
}

func (s *Server) opStartUserImportJob(r *request, in *importJobKeyInput) (*userImportJobOutput, *apiError) {
	return s.moveImportJob(r, in, func(j *importJob, st string) *apiError {
		if st != "Created" {
			return newErr(cognito.CodePreconditionNotMet, cognito.MsgImportJobNotCreated)
		}
		j.Status, j.Started = "Pending", r.now.UnixMilli()
		return nil
	})
}

func (s *Server) opStopUserImportJob(r *request, in *importJobKeyInput) (*userImportJobOutput, *apiError) {
	return s.moveImportJob(r, in, func(j *importJob, st string) *apiError {
		if st != "Pending" && st != "InProgress" {
			return newErr(cognito.CodePreconditionNotMet, cognito.MsgImportJobNotRunning)
		}
		j.Status, j.Completed = "Stopped", r.now.UnixMilli()
		return nil
	})
}

// moveImportJob applies one status change to a job, under the store's lock.
func (s *Server) moveImportJob(r *request, in *importJobKeyInput, f func(j *importJob, status string) *apiError) (*userImportJobOutput, *apiError) {
	p, e := s.getPool(in.UserPoolId)
	if e != nil {
		return nil, e
	}
	var j importJob
	e = s.configTx(p, func(tx *configTx) *apiError {
		key := cfgKey(cfgJob, in.JobId)
		if !tx.get(key, &j) {
			return notFound(cognito.MsgImportJobNotFound)
		}
		st, _ := j.status(r.now)
		if e := f(&j, st); e != nil {
			return e
		}
		return tx.put(key, j)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &userImportJobOutput{UserImportJob: j.wire(r.now)}, nil
}
