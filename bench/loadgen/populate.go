package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

// popResult is the line -populate prints: what N users cost one server in memory and on disk.
type popResult struct {
	Server   string `json:"server"`
	Workload string `json:"workload"` // "populate"
	Workers  int    `json:"workers"`
	// Target is -populate; Users the users created (fewer when -populate-max ran out).
	Target  int            `json:"target"`
	Users   int            `json:"users"`
	Errors  int            `json:"errors"`
	Answers map[string]int `json:"answers"`
	Seconds float64        `json:"seconds"`
	PerSec  float64        `json:"usersPerSec"`
	// RSS0 and RSS1 are the server's VmRSS (bytes) after the set-up and after the users;
	// HWM1 is its VmHWM (peak RSS) at the end.
	RSS0 int64 `json:"rssBefore"`
	RSS1 int64 `json:"rssAfter"`
	HWM1 int64 `json:"rssPeak"`
	// Disk0 and Disk1 are the bytes of the files under -state-dir (sizes, not blocks),
	// before and after, once the size stopped changing; -1 without -state-dir.
	Disk0 int64 `json:"diskBefore"`
	Disk1 int64 `json:"diskAfter"`
	// DiskSettleSeconds is how long the size took to stop changing after the last answer.
	DiskSettleSeconds float64 `json:"diskSettleSeconds"`
}

// populate creates cfg.populate users with AdminCreateUser (e-mail attribute, verified,
// a temporary password, MessageAction SUPPRESS) in a fresh pool on the one -endpoint, with
// cfg.workers workers, and reports the server's resident memory and disk bytes before and
// after.
func populate(ctx context.Context, b *bench) (popResult, error) {
	cfg := b.cfg
	r := popResult{Server: b.server, Workload: "populate", Workers: cfg.workers, Target: cfg.populate, Answers: map[string]int{}, Disk0: -1, Disk1: -1}
	if b.pid <= 0 {
		return r, errors.New("-populate needs -pid")
	}
	var err error
	if cfg.stateDir != "" {
		if r.Disk0, _, err = settledSize(ctx, cfg.stateDir, 0); err != nil {
			return r, err
		}
	}
	if r.RSS0, err = procStatusBytes(b.pid, "VmRSS"); err != nil {
		return r, err
	}
	var next, created atomic.Int64
	deadline := time.Now().Add(cfg.populateMax)
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for k := 0; k < cfg.workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers := map[string]int{}
			defer func() {
				mu.Lock()
				for k, v := range answers {
					r.Answers[k] += v
				}
				mu.Unlock()
			}()
			for time.Now().Before(deadline) {
				i := next.Add(1)
				if i > int64(cfg.populate) {
					return
				}
				name := fmt.Sprintf("pop%d-%s", i, b.run)
				_, err := b.c.AdminCreateUser(ctx, &cip.AdminCreateUserInput{
					UserPoolId: &b.poolID, Username: &name, TemporaryPassword: aws.String(password),
					MessageAction: types.MessageActionTypeSuppress,
					UserAttributes: []types.AttributeType{
						{Name: aws.String("email"), Value: aws.String(name + "@bench.invalid")},
						{Name: aws.String("email_verified"), Value: aws.String("true")},
					},
				})
				code := errorCode(err)
				answers[code]++
				if err == nil {
					created.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	r.Users = int(created.Load())
	for k, v := range r.Answers {
		if k != "ok" {
			r.Errors += v
		}
	}
	r.Seconds = elapsed.Seconds()
	if elapsed > 0 {
		r.PerSec = float64(r.Users) / elapsed.Seconds()
	}
	if cfg.stateDir != "" {
		var settle time.Duration
		if r.Disk1, settle, err = settledSize(ctx, cfg.stateDir, time.Second); err != nil {
			return r, err
		}
		r.DiskSettleSeconds = settle.Seconds()
	}
	if r.RSS1, err = procStatusBytes(b.pid, "VmRSS"); err != nil {
		return r, err
	}
	if r.HWM1, err = procStatusBytes(b.pid, "VmHWM"); err != nil {
		return r, err
	}
	return r, nil
}

// settledSize waits until the total size of the files under dir has not changed for
// quiet (polling every 100 ms, at most 60 s) and returns it and how long that took.
func settledSize(ctx context.Context, dir string, quiet time.Duration) (int64, time.Duration, error) {
	start := time.Now()
	last, err := dirBytes(dir)
	if err != nil {
		return 0, 0, err
	}
	stable := start
	for time.Since(stable) < quiet && time.Since(start) < 60*time.Second {
		select {
		case <-ctx.Done():
			return 0, 0, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		n, err := dirBytes(dir)
		if err != nil {
			return 0, 0, err
		}
		if n != last {
			last, stable = n, time.Now()
		}
	}
	return last, stable.Sub(start), nil
}

// dirBytes is the sum of the sizes of the regular files under dir (a missing dir is 0:
// a server may create its state lazily).
func dirBytes(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil // renamed away between the listing and the stat
				}
				return err
			}
			total += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("loadgen: size of %s: %w", dir, err)
	}
	return total, nil
}

// procStatusBytes reads a "kB" field (VmRSS, VmHWM) of /proc/PID/status, in bytes.
func procStatusBytes(pid int, field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("loadgen: read process status: %w", err)
	}
	return parseStatusField(string(data), field)
}

// parseStatusField finds "FIELD:   N kB" in the text of /proc/PID/status.
func parseStatusField(status, field string) (int64, error) {
	for _, line := range strings.Split(status, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || k != field {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			break
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			break
		}
		return n * 1024, nil
	}
	return 0, fmt.Errorf("loadgen: no %s in kB in /proc status", field)
}
