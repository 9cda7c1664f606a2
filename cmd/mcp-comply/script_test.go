package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"rsc.io/script"
	"rsc.io/script/scripttest"
)

// TestScripts runs the transcripts in testdata/script: each a txtar
// archive whose comment is a script of commands and whose files are the
// project it runs on, the way the go command's and govulncheck's tests are
// written. mcp-comply runs in-process with the script's directory, its
// environment and a clock fixed by MCP_COMPLY_TEST_NOW; the gitrepo command
// builds repositories with go-git. Nothing reaches the network.
//
//	go test ./cmd/mcp-comply -run TestScripts/check   # one script
func TestScripts(t *testing.T) {
	engine := &script.Engine{Cmds: scripttest.DefaultCmds(), Conds: scripttest.DefaultConds()}
	engine.Cmds["mcp-comply"] = mcpComplyCmd()
	engine.Cmds["status"] = statusCmd()
	engine.Cmds["gitrepo"] = gitrepoCmd()
	env := []string{
		"SOURCE_DATE_EPOCH=" + epoch,
		"NO_COLOR=1",
		"GOMODCACHE=" + filepath.Join(os.TempDir(), "mcp-comply-test-no-gomodcache"),
		"MCP_COMPLY_TEST_NOW=2026-11-24T12:00:00Z",
		"HOME=/nonexistent",
	}
	scripttest.Test(t, context.Background(), engine, env, filepath.Join(repoRoot, "cmd", "mcp-comply", "testdata", "script", "*.txt"))
}

// mcpComplyCmd runs the CLI in-process. A non-zero exit is an error, so a
// script writes "! mcp-comply check" where it expects one and then asserts
// the code with status.
func mcpComplyCmd() script.Cmd {
	return script.Command(script.CmdUsage{Summary: "run mcp-comply in-process", Args: "args..."},
		func(s *script.State, args ...string) (script.WaitFunc, error) {
			now := time.Now
			if v, ok := s.LookupEnv("MCP_COMPLY_TEST_NOW"); ok {
				t, err := time.Parse(time.RFC3339, v)
				if err != nil {
					return nil, fmt.Errorf("MCP_COMPLY_TEST_NOW: %w", err)
				}
				now = func() time.Time { return t }
			}
			var stdout, stderr bytes.Buffer
			e := &env{stdout: &stdout, stderr: &stderr, dir: s.Getwd(), now: now,
				getenv: func(k string) string { v, _ := s.LookupEnv(k); return v }}
			code := execute(s.Context(), args, e)
			return func(s *script.State) (string, string, error) {
				if err := s.Setenv("EXIT", strconv.Itoa(code)); err != nil {
					return "", "", err
				}
				if code != 0 {
					return stdout.String(), stderr.String(), fmt.Errorf("exit status %d", code)
				}
				return stdout.String(), stderr.String(), nil
			}, nil
		})
}

// statusCmd asserts the exit code of the last mcp-comply command.
func statusCmd() script.Cmd {
	return script.Command(script.CmdUsage{Summary: "check the exit code of the last mcp-comply", Args: "code"},
		func(s *script.State, args ...string) (script.WaitFunc, error) {
			if len(args) != 1 {
				return nil, script.ErrUsage
			}
			if got, _ := s.LookupEnv("EXIT"); got != args[0] {
				return nil, fmt.Errorf("exit code %s, want %s", got, args[0])
			}
			return nil, nil
		})
}

// gitrepoCmd builds git repositories with go-git:
//
//	gitrepo init DIR          a repository with DIR as its work tree
//	gitrepo commit DIR MSG    commit every file of the work tree
//	gitrepo tag DIR NAME      tag HEAD
//	gitrepo clone SRC DIR N   a clone of file://SRC with the last N commits
//	                          (a shallow clone, as CI checks out)
//
// Commits get a fixed author and a clock that advances a day per commit,
// so their hashes and dates are the same on every run.
func gitrepoCmd() script.Cmd {
	return script.Command(script.CmdUsage{Summary: "build a git repository with go-git", Args: "init|commit|tag|clone DIR [ARG...]"},
		func(s *script.State, args ...string) (script.WaitFunc, error) {
			if len(args) < 2 {
				return nil, script.ErrUsage
			}
			dir := s.Path(args[1])
			switch {
			case args[0] == "clone" && len(args) == 4:
				depth, err := strconv.Atoi(args[3])
				if err != nil {
					return nil, script.ErrUsage
				}
				_, err = git.PlainClone(s.Path(args[2]), false, &git.CloneOptions{URL: "file://" + dir, Depth: depth})
				return nil, err
			case args[0] == "init" && len(args) == 2:
				_, err := git.PlainInit(dir, false)
				return nil, err
			case args[0] == "commit" && len(args) == 3:
				return nil, commitAll(dir, args[2])
			case args[0] == "tag" && len(args) == 3:
				repo, err := git.PlainOpen(dir)
				if err != nil {
					return nil, err
				}
				head, err := repo.Head()
				if err != nil {
					return nil, err
				}
				_, err = repo.CreateTag(args[2], head.Hash(), nil)
				return nil, err
			}
			return nil, script.ErrUsage
		})
}

// commitAll stages every file of the work tree, removals included, and
// commits it.
func commitAll(dir, msg string) error {
	repo, err := git.PlainOpen(dir)
	if err != nil {
		return err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return err
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return err
	}
	when := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	if head, err := repo.Head(); err == nil {
		if c, err := repo.CommitObject(head.Hash()); err == nil {
			when = c.Committer.When.Add(24 * time.Hour)
		}
	} else if err != plumbing.ErrReferenceNotFound {
		return err
	}
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: when}
	_, err = wt.Commit(strings.TrimSpace(msg), &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	return err
}
