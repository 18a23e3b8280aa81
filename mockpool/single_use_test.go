package mockpool_test

import (
	"sync"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// TestChallengeAnsweredOnce is the attacker's test of single use: many concurrent
// right answers to one SMS_MFA session (a replayed or raced request) get tokens once.
func TestChallengeAnsweredOnce(t *testing.T) {
	e := newTrigEnv(t, types.PreventUserExistenceErrorTypesEnabled, &cip.CreateUserPoolInput{MfaConfiguration: types.UserPoolMfaTypeOn})
	e.addUser("ann", "Passw0rd!", phone("+15555550123"), verified("phone_number"))
	for round := 0; round < 5; round++ {
		out, err := e.password("ann", "Passw0rd!")
		noErr(t, err)
		const n = 16
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				done, err := e.respondMFA(types.ChallengeNameTypeSmsMfa, out.Session, "ann", map[string]string{"SMS_MFA_CODE": "123456"})
				if err == nil && done.AuthenticationResult != nil {
					mu.Lock()
					won++
					mu.Unlock()
				}
			}()
		}
		close(start)
		wg.Wait()
		if won != 1 {
			t.Fatalf("round %d: %d of %d concurrent answers got tokens, want 1", round, won, n)
		}
	}
}
