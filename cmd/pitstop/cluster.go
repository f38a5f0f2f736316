package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/app/cluster"
)

func clusterCmd() *cobra.Command {
	var dir string
	cmd := &cobra.Command{Use: "cluster",
		Short: "Run the production shape on this machine: Temporal server on PostgreSQL, 2 workers, 2 APIs, Prometheus, fakes",
		Long: "Starts bin/temporal-server (`make cluster` builds it) on the local PostgreSQL, applies Pitstop's migrations once, " +
			"then two `pitstop worker` and two `pitstop api` processes of this binary, Prometheus when installed and the fakes of " +
			"the outside parties. Logs, secrets and configuration go to --dir. Stop with Ctrl-C.",
		RunE: func(cmd *cobra.Command, _ []string) error {
			self, err := os.Executable()
			if err != nil {
				return err
			}
			server, err := cluster.FindTemporalServer()
			if err != nil {
				return err
			}
			abs, err := filepath.Abs(dir)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			t := cluster.Default(abs)
			c, err := cluster.Start(cmd.Context(), cluster.Options{Topology: t, Pitstop: self, TemporalServer: server, Out: out})
			if err != nil {
				return err
			}
			fmt.Fprint(out, c.Summary())
			waitErr := c.Wait(cmd.Context())
			fmt.Fprintln(out, ">> stopping: Prometheus, the APIs, the workers, the Temporal server, the fakes")
			return errors.Join(waitErr, c.Stop())
		}}
	cmd.Flags().StringVar(&dir, "dir", filepath.Join(".pitstop", "cluster"), "where the logs, the generated configuration and secrets and Prometheus' data go")
	return cmd
}
