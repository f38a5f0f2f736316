// Command pitstop runs Pitstop: `pitstop dev` starts everything on one
// machine; `api`, `worker` and `migrate` are the production pieces; `token`
// mints a receptionist token for local use.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := &cobra.Command{
		Use:           "pitstop",
		Short:         "Pitstop: open backend for car-dealer aftersales communication",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(rootCommands()...)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "pitstop:", err)
		os.Exit(exitCode(err))
	}
}

// exitCode is the process's exit code for a command's error: 1, or an
// exitError's own.
func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

// exitError ends the command with exit code code instead of 1 (the
// command's help says what it means).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func loadConfig() (config.Config, error) {
	cfg, err := config.FromEnv()
	if err != nil {
		return cfg, fmt.Errorf("%w (see README, Configuration)", err)
	}
	return cfg, nil
}

// loadProductionConfig is loadConfig for `api` and `worker`: they refuse
// the public development secrets that only `pitstop dev` may run on.
func loadProductionConfig() (config.Config, error) {
	cfg, err := loadConfig()
	if err != nil {
		return cfg, err
	}
	if p := cfg.ProductionProblems(); len(p) > 0 {
		return cfg, fmt.Errorf("refusing to start outside `pitstop dev`: %s (see README, Configuration)", strings.Join(p, "; "))
	}
	return cfg, nil
}

func rootCommands() []*cobra.Command {
	return []*cobra.Command{devCmd(), clusterCmd(), apiCmd(), workerCmd(), migrateCmd(), tokenCmd(), adminCmd(), healthcheckCmd()}
}
