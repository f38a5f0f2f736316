// Command temporal-server is the Temporal server at the version the pinned
// Temporal CLI embeds (go.temporal.io/server, see go.mod), for `make cluster`:
//
//	temporal-server start --config DIR [--env development]   the server, every service in one process
//	temporal-server sql ARGS...                               the server's own SQL schema tool (temporal-sql-tool)
//
// Its go.mod copies the CLI's requirements so the packages both share are
// compiled once into the Go build cache (Makefile, bin/temporal-server).
// Only the PostgreSQL persistence plugin is linked in.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	"go.temporal.io/server/common/log"
	_ "go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql" // the postgres12 plugin
	"go.temporal.io/server/temporal"
	sqltool "go.temporal.io/server/tools/sql"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "start":
		err = start(os.Args[2:])
	case "sql":
		err = sqltool.RunTool(append([]string{"temporal-sql-tool"}, os.Args[2:]...))
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "temporal-server:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: temporal-server start --config DIR [--env NAME] | temporal-server sql ARGS...")
	os.Exit(2)
}

// start runs every Temporal service (frontend, history, matching, worker)
// in this process until SIGINT or SIGTERM.
func start(args []string) error {
	fs := flag.NewFlagSet("start", flag.ContinueOnError)
	dir := fs.String("config", "", "directory holding <env>.yaml")
	env := fs.String("env", "development", "config file name without .yaml")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("start: --config is required")
	}
	cfg, err := config.LoadConfig(*env, *dir, "")
	if err != nil {
		return fmt.Errorf("load config: %w", err)
	}
	logger := log.NewZapLogger(log.BuildZapLogger(cfg.Log))
	var dc dynamicconfig.Client = dynamicconfig.NewNoopClient()
	if cfg.DynamicConfigClient != nil {
		if dc, err = dynamicconfig.NewFileBasedClient(cfg.DynamicConfigClient, logger, temporal.InterruptCh()); err != nil {
			return fmt.Errorf("dynamic config: %w", err)
		}
	}
	authorizer, err := authorization.GetAuthorizerFromConfig(&cfg.Global.Authorization)
	if err != nil {
		return fmt.Errorf("authorizer: %w", err)
	}
	s, err := temporal.NewServer(
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithConfig(cfg),
		temporal.WithDynamicConfigClient(dc),
		temporal.WithLogger(logger),
		temporal.InterruptOn(temporal.InterruptCh()),
		temporal.WithAuthorizer(authorizer),
	)
	if err != nil {
		return fmt.Errorf("create server: %w", err)
	}
	// Start blocks until an interrupt, then stops every service.
	return s.Start()
}
