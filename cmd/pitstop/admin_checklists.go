package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pitstop-dev/pitstop/ent"
	"github.com/pitstop-dev/pitstop/internal/checklists"
	"github.com/pitstop-dev/pitstop/internal/strictjson"
)

// adminChecklistCmd keeps a dealer's checklist templates, versioned as
// through the API (internal/checklists): a template is the JSON the admin
// endpoint takes (`-` reads stdin).
func adminChecklistCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "checklist", Short: "List, create, edit (as a new version) or retire checklist templates"}
	list := &cobra.Command{Use: "list", Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
		dealerID, _ := cmd.Flags().GetInt("dealer")
		return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
			vs, err := checklists.Current(ctx, db, dealerID, 0, false)
			if err != nil {
				return err
			}
			for _, v := range vs {
				fmt.Fprintf(cmd.OutOrStdout(), "%d\tv%d\ttype %d\tactive %t\t%d questions\t%s\n", v.ID, v.Version, v.ChecklistType, v.Active, len(v.Questions), v.Name)
			}
			return nil
		})
	}}
	list.Flags().Int("dealer", 0, "the dealer's ID")
	save := func(use string, edit bool) *cobra.Command {
		c := &cobra.Command{Use: use, Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
			fs := cmd.Flags()
			id, _ := fs.GetInt("id")
			file, _ := fs.GetString("file")
			demo, _ := fs.GetString("demo")
			dealerID, _ := fs.GetInt("dealer")
			var t checklists.Template
			switch {
			case demo != "":
				switch demo {
				case "regular":
					t = checklists.DemoRegular(dealerID)
				case "quality-control":
					t = checklists.DemoQualityControl(dealerID)
				default:
					return errors.New("--demo is regular or quality-control")
				}
			case file != "":
				var r io.Reader = cmd.InOrStdin()
				if file != "-" {
					f, err := os.Open(file)
					if err != nil {
						return err
					}
					defer f.Close()
					r = f
				}
				if err := strictjson.DecodeWith(r, &t, 1<<20, strictjson.Options{DisallowUnknownFields: true}); err != nil {
					return fmt.Errorf("--file: %w", err)
				}
				if dealerID != 0 {
					t.DealerID = dealerID
				}
			default:
				return errors.New("--file or --demo is required")
			}
			if edit && id <= 0 {
				return errors.New("--id is required")
			}
			return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
				var v checklists.Version
				var err error
				if edit {
					v, err = checklists.Edit(ctx, db, id, t)
				} else {
					v, err = checklists.Create(ctx, db, t)
				}
				var p checklists.Problems
				if errors.As(err, &p) {
					return fmt.Errorf("refused:\n  - %s", strings.Join(p, "\n  - "))
				}
				if err != nil {
					return err
				}
				out, _ := json.Marshal(map[string]any{"id": v.ID, "version": v.Version, "root_id": v.RootID, "questions": len(v.Questions)})
				fmt.Fprintf(cmd.OutOrStdout(), "checklist %q saved: %s\n", v.Name, out)
				return nil
			})
		}}
		fs := c.Flags()
		if edit {
			fs.Int("id", 0, "the current version's ID")
		}
		fs.String("file", "", "the template as JSON (as POST /v1/workshop/checklists takes; - for stdin)")
		fs.String("demo", "", "instead of --file: the demo template, regular or quality-control")
		fs.Int("dealer", 0, "the dealer's ID (overrides the file's dealer_id)")
		return c
	}
	retire := &cobra.Command{Use: "retire", Args: cobra.NoArgs, RunE: func(cmd *cobra.Command, _ []string) error {
		id, _ := cmd.Flags().GetInt("id")
		return withDB(cmd, func(ctx context.Context, db *ent.Client) error {
			if err := checklists.Retire(ctx, db, id); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "checklist %d retired\n", id)
			return nil
		})
	}}
	retire.Flags().Int("id", 0, "the current version's ID")
	cmd.AddCommand(list, save("create", false), save("edit", true), retire)
	return cmd
}
