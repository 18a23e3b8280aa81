package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/maskedauth/maskedauth/internal/interop"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	"github.com/aws/smithy-go"

	"github.com/maskedauth/maskedauth/mockpool"
)

func typesAttr(name, value string) types.AttributeType {
	return types.AttributeType{Name: aws.String(name), Value: aws.String(value)}
}

// holdingLambda is a Lambda stand-in reached over HTTP (-trigger NAME=URL) that
// holds every call until the test lets one go (answer), and says when a call
// arrived.
type holdingLambda struct {
	url     string
	arrived chan struct{}
	answer  chan struct{}
}

func newHoldingLambda(t *testing.T) *holdingLambda {
	h := &holdingLambda{arrived: make(chan struct{}, 16), answer: make(chan struct{})}
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.arrived <- struct{}{}
		select {
		case <-h.answer:
		case <-done:
			return
		}
		var ev map[string]any
		if json.Unmarshal(body, &ev) != nil {
			http.Error(w, "bad event", http.StatusBadRequest)
			return
		}
		_ = json.NewEncoder(w).Encode(ev) // the event back, response unchanged
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	h.url = srv.URL
	return h
}

// TestJSONStateImported: a JSON state file of the earlier format at -state PATH is
// imported on first start (validated), the JSON kept as PATH.json.bak, PATH a
// database from then on; the users are served, after a second restart too.
func TestJSONStateImported(t *testing.T) {
	bin := binary(t)
	src := mockpool.New()
	c := src.Client()
	poolID, clientID := setup(t, c)
	for i := 0; i < 5; i++ {
		if err := signUp(t.Context(), c, clientID, fmt.Sprint("old-", i)); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := src.SaveState(&buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	if err := os.WriteFile(state, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	names := []string{"old-0", "old-1", "old-2", "old-3", "old-4"}
	for run := 1; run <= 2; run++ {
		p := startProc(t, bin, "-addr", "127.0.0.1:0", "-state", state)
		if lost := missing(t, p.c, poolID, names); len(lost) > 0 {
			t.Fatalf("run %d: imported users not served: %v", run, lost)
		}
		p.kill9()
		if run == 1 && !strings.Contains(p.stderr.String(), "imported a JSON state file") {
			t.Errorf("the import is not logged: %s", p.stderr.String())
		}
		bak, err := os.ReadFile(state + ".json.bak")
		if err != nil || !bytes.Equal(bak, buf.Bytes()) {
			t.Fatalf("run %d: the JSON file is not kept as %s.json.bak: %v", run, state, err)
		}
		head, _ := os.ReadFile(state)
		if bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) {
			t.Fatalf("run %d: %s is still JSON", run, state)
		}
	}
	if _, err := os.Stat(state + ".import"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the import's temporary database is left: %v", err)
	}
}

// tmpfsHolder keeps a private mount namespace with a small tmpfs mounted on dir;
// run starts processes inside it (nsenter).
type tmpfsHolder struct {
	pid int
}

func newTmpfsHolder(t *testing.T, dir, size string) *tmpfsHolder {
	t.Helper()
	if os.Geteuid() != 0 {
		interop.SkipPlatform(t, "needs root for a tmpfs in a private mount namespace (unshare -m)")
	}
	for _, tool := range []string{"unshare", "nsenter"} {
		if _, err := exec.LookPath(tool); err != nil {
			interop.SkipPlatform(t, "%s (util-linux) not installed", tool)
		}
	}
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c",
		"mount -t tmpfs -o size="+size+" tmpfs "+dir+" && echo ready && read x")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		interop.SkipPlatform(t, "unshare: %v", err)
	}
	t.Cleanup(func() { in.Close(); _ = cmd.Wait() })
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		in.Close()
		_ = cmd.Wait()
		interop.SkipPlatform(t, "cannot mount a tmpfs in a private mount namespace here: %s", stderr.String())
	}
	return &tmpfsHolder{pid: cmd.Process.Pid}
}

// argv runs args inside the holder's mount namespace (nsenter execs it: the
// process is the program itself).
func (h *tmpfsHolder) argv(args ...string) []string {
	return append([]string{"nsenter", "-t", strconv.Itoa(h.pid), "-m", "--"}, args...)
}

// TestFullDisk: on a 2 MiB tmpfs, SignUps until a commit fails: that answer is
// InternalErrorException, reads go on, and after a restart every SignUp answered
// 200 is there.
func TestFullDisk(t *testing.T) {
	needsJournal(t)
	bin := binary(t)
	dir := t.TempDir()
	h := newTmpfsHolder(t, dir, "2m")
	state := filepath.Join(dir, "state.db")
	args := h.argv(bin, "-addr", "127.0.0.1:0", "-state", state, "-quiet")
	p := startProc(t, args...)
	poolID, clientID := setup(t, p.c)
	filler := strings.Repeat("x", 2000)
	var acked []string
	var failure error
	for i := 0; i < 5000 && failure == nil; i++ { // ~2.5 KB each: the disk is full after ~800
		name := fmt.Sprint("full-", i)
		if err := signUp(t.Context(), p.c, clientID, name, "name", filler); err != nil {
			failure = err
			break
		}
		acked = append(acked, name)
	}
	var ae smithy.APIError
	if failure == nil {
		t.Fatalf("%d sign-ups on a 2 MiB tmpfs and no commit failed", len(acked))
	}
	if !errors.As(failure, &ae) || ae.ErrorCode() != "InternalErrorException" {
		t.Fatalf("after %d sign-ups: %v, want InternalErrorException", len(acked), failure)
	}
	t.Logf("disk full after %d acknowledged sign-ups: %s", len(acked), ae.ErrorCode())
	ctx := t.Context()
	if _, err := p.c.DescribeUserPool(ctx, &cip.DescribeUserPoolInput{UserPoolId: aws.String(poolID)}, retryClosedConn); err != nil {
		t.Errorf("DescribeUserPool on a full disk: %v", err)
	}
	if len(acked) > 0 {
		if _, err := p.c.AdminGetUser(ctx, &cip.AdminGetUserInput{UserPoolId: aws.String(poolID), Username: aws.String(acked[0])}, retryClosedConn); err != nil {
			t.Errorf("AdminGetUser on a full disk: %v", err)
		}
	}
	p.kill9()
	p = startProc(t, args...)
	lost := missing(t, p.c, poolID, acked)
	t.Logf("after restart: acknowledged %d, found %d, lost %d", len(acked), len(acked)-len(lost), len(lost))
	if len(lost) > 0 {
		t.Errorf("%d acknowledged sign-ups lost, e.g. %v", len(lost), lost[:min(5, len(lost))])
	}
	p.kill9()
}
