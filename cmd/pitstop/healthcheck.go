package main

import (
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// healthcheckCmd lets container health checks probe the API without curl
// (the production image has no shell tools).
func healthcheckCmd() *cobra.Command {
	var url string
	cmd := &cobra.Command{Use: "healthcheck", Short: "Exit 0 when the URL answers 200 (for container health checks)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			c := &http.Client{Timeout: 5 * time.Second}
			res, err := c.Get(url)
			if err != nil {
				return err
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("%s answered %d", url, res.StatusCode)
			}
			return nil
		}}
	cmd.Flags().StringVar(&url, "url", "http://127.0.0.1:8080/readyz", "URL to probe")
	return cmd
}
