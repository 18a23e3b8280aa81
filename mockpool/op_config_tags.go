package mockpool

// Tags on a user pool: TagResource, UntagResource, ListTagsForResource. The
// resource is named by the pool's ARN; CreateUserPool's UserPoolTags are the
// initial tags. DescribeUserPool's UserPoolTags should read configTags.
//
// Not acted on: tags grant nothing (no IAM, no cost allocation).

import (
	"regexp"
	"sort"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

const maxTags = 50

var tagKeyPattern = regexp.MustCompile(`^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`)

func validTagKey(v *validator, field, k string) {
	v.length(field, k, 1, 128, false)
	validPattern(v, field, k, tagKeyPattern, `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`)
}

type tagResourceInput struct {
	ResourceArn string            `json:"ResourceArn"`
	Tags        map[string]string `json:"Tags"`
}

func (in *tagResourceInput) validate(v *validator) {
	validArn(v, "resourceArn", in.ResourceArn, true)
	v.required("tags", in.Tags != nil)
	keys := make([]string, 0, len(in.Tags))
	for k := range in.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		validTagKey(v, "tags.key", k)
		if len([]rune(in.Tags[k])) > 256 {
			v.add("Value at 'tags.value' failed to satisfy constraint: Member must have length less than or equal to 256")
		}
	}
}

// tagPool finds the pool an ARN names.
func (s *Server) tagPool(arn string) (*pool, *apiError) {
	if p := s.configPoolByArn(arn); p != nil {
		return p, nil
	}
	return nil, notFound(cognito.MsgResourceArnNotFound)
}

func (s *Server) opTagResource(r *request, in *tagResourceInput) (*emptyOutput, *apiError) {
	p, e := s.tagPool(in.ResourceArn)
	if e != nil {
		return nil, e
	}
	e = s.configTx(p, func(tx *configTx) *apiError {
		tags := map[string]string{}
		tx.get(cfgKey(cfgTags, "pool"), &tags)
		for k, v := range in.Tags {
			tags[k] = v
		}
		if len(tags) > maxTags {
			return invalidParam(cognito.MsgTooManyTags)
		}
		return tx.put(cfgKey(cfgTags, "pool"), tags)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &emptyOutput{}, nil
}

type untagResourceInput struct {
	ResourceArn string   `json:"ResourceArn"`
	TagKeys     []string `json:"TagKeys"`
}

func (in *untagResourceInput) validate(v *validator) {
	validArn(v, "resourceArn", in.ResourceArn, true)
	v.required("tagKeys", in.TagKeys != nil)
	for _, k := range in.TagKeys {
		validTagKey(v, "tagKeys.member", k)
	}
}

func (s *Server) opUntagResource(r *request, in *untagResourceInput) (*emptyOutput, *apiError) {
	p, e := s.tagPool(in.ResourceArn)
	if e != nil {
		return nil, e
	}
	e = s.configTx(p, func(tx *configTx) *apiError {
		tags := map[string]string{}
		if !tx.get(cfgKey(cfgTags, "pool"), &tags) {
			return nil
		}
		for _, k := range in.TagKeys {
			delete(tags, k)
		}
		if len(tags) == 0 {
			tx.remove(cfgKey(cfgTags, "pool"))
			return nil
		}
		return tx.put(cfgKey(cfgTags, "pool"), tags)
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &emptyOutput{}, nil
}

type listTagsForResourceInput struct {
	ResourceArn string `json:"ResourceArn"`
}

func (in *listTagsForResourceInput) validate(v *validator) {
	validArn(v, "resourceArn", in.ResourceArn, true)
}

type listTagsForResourceOutput struct {
	Tags map[string]string `json:"Tags"`
}

func (s *Server) opListTagsForResource(_ *request, in *listTagsForResourceInput) (*listTagsForResourceOutput, *apiError) {
	p, e := s.tagPool(in.ResourceArn)
	if e != nil {
		return nil, e
	}
	tags := s.configTags(p)
	if tags == nil {
		tags = map[string]string{}
	}
	return &listTagsForResourceOutput{Tags: tags}, nil
}
