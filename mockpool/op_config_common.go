package mockpool

// Helpers shared by the configuration operations (op_config_*.go).

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"

	"github.com/maskedauth/maskedauth/internal/cognito"
)

func invalidParam(msg string) *apiError { return newErr(cognito.CodeInvalidParameter, msg) }
func notFound(msg string) *apiError     { return newErr(cognito.CodeResourceNotFound, msg) }

// cfgClient checks that clientID names an app client of p ("" and "ALL" are the
// pool-wide entries of UI customization and risk configuration).
func (s *Server) cfgClient(p *pool, clientID string) *apiError {
	if clientID == "" || clientID == "ALL" || p.client(clientID) != nil {
		return nil
	}
	return notFound(cognito.MsgClientNotFound(echo(clientID)))
}

// validOptClientID validates an optional clientId member.
func validOptClientID(v *validator, id string) {
	if id != "" {
		validClientID(v, id)
	}
}

// rawOrNil keeps a JSON member as given (stored and echoed, never interpreted);
// JSON null becomes absent.
func rawOrNil(m json.RawMessage) json.RawMessage {
	if len(m) == 0 || string(m) == "null" {
		return nil
	}
	return m
}

// validNameLen validates an optional string member's length.
func validNameLen(v *validator, field, value string, minLen, maxLen int) {
	if value != "" {
		v.length(field, value, minLen, maxLen, false)
	}
}

// jsonRaw is a member stored and echoed as given; omitempty drops it when absent.
type jsonRaw = json.RawMessage

// paginate returns one page of items: at most limit (def when limit is 0) from
// the offset the token names, and the token of the next page ("" at the end).
// Tokens are the offset in decimal; a token the server did not issue is refused
// (inferred text).
func paginate[T any](items []T, limit int32, def int, token string) ([]T, string, *apiError) {
	start := 0
	if token != "" {
		n, err := strconv.Atoi(token)
		if err != nil || n < 0 || n > len(items) {
			return nil, "", invalidParam(cognito.MsgInvalidNextToken)
		}
		start = n
	}
	size := def
	if limit > 0 {
		size = int(limit)
	}
	end := start + size
	if end >= len(items) {
		return items[start:], "", nil
	}
	return items[start:end], strconv.Itoa(end), nil
}

// validMaxResults validates a maxResults member.
func validMaxResults(v *validator, field string, n int32, maxN int32) {
	if n != 0 && (n < 1 || n > maxN) {
		if n < 1 {
			v.add(fmt.Sprintf("Value '%d' at '%s' failed to satisfy constraint: Member must have value greater than or equal to 1", n, field))
		} else {
			v.add(fmt.Sprintf("Value '%d' at '%s' failed to satisfy constraint: Member must have value less than or equal to %d", n, field, maxN))
		}
	}
}

// validPattern records a present member that does not match re.
func validPattern(v *validator, field, value string, re *regexp.Regexp, pattern string) {
	if value != "" && !re.MatchString(value) {
		v.add(fmt.Sprintf("Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s", echo(value), field, pattern))
	}
}

// describeConfig reads one configuration record of pool poolID (the Describe*
// operations of resource servers, identity providers, terms, brandings and import
// jobs): ResourceNotFoundException with msg when the pool has no record at key.
func describeConfig[T any](s *Server, poolID, key, msg string) (T, *apiError) {
	var zero T
	p, e := s.getPool(poolID)
	if e != nil {
		return zero, e
	}
	v, ok := configGet[T](s, p, key)
	if !ok {
		return zero, notFound(msg)
	}
	return v, nil
}

// deleteConfig deletes one configuration record of pool poolID (the Delete*
// operations of resource servers, identity providers, terms and brandings):
// ResourceNotFoundException with msg when the pool has no record at key.
func (s *Server) deleteConfig(r *request, poolID, key, msg string) (*emptyOutput, *apiError) {
	p, e := s.getPool(poolID)
	if e != nil {
		return nil, e
	}
	e = s.configTx(p, func(tx *configTx) *apiError {
		if !tx.has(key) {
			return notFound(msg)
		}
		tx.remove(key)
		return nil
	})
	if e != nil {
		return nil, e
	}
	s.markChanged(r)
	return &emptyOutput{}, nil
}
