package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/app/devstack"
)

func devCmd() *cobra.Command {
	return &cobra.Command{Use: "dev", Short: "Run everything on this machine: Temporal dev server, fakes, demo data, worker, API",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			return devstack.Run(cmd.Context(), cfg, os.Stdout)
		}}
}
