package cluster

import (
	"context"
	"fmt"
	"syscall"
	"time"

	"github.com/pitstop-dev/pitstop/app/devstack"
)

// Faults for `make chaos` (app/cluster/chaos_test.go): one process of the
// cluster killed or stopped on purpose, then started again as it was (same
// command, environment and log file). A process stopped so is no failure
// for Wait.

func (c *Cluster) proc(name string) (*proc, error) {
	for _, p := range c.procs {
		if p.name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("no process %q in the cluster (%v)", name, c.Processes())
}

// Pid is the named process's id (0 when it is not known).
func (c *Cluster) Pid(name string) int {
	p, err := c.proc(name)
	if err != nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// Kill is kill -9 of the named process: SIGKILL, no chance to finish
// anything, then waits until it is gone.
func (c *Cluster) Kill(name string) error {
	p, err := c.proc(name)
	if err != nil {
		return err
	}
	p.meant.Store(true)
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return fmt.Errorf("kill -9 %s: %w", name, err)
	}
	<-p.done
	return nil
}

// Terminate stops the named process as Stop does (SIGTERM, killed after
// grace) and waits until it is gone.
func (c *Cluster) Terminate(name string, grace time.Duration) error {
	p, err := c.proc(name)
	if err != nil {
		return err
	}
	p.meant.Store(true)
	devstack.StopProcess(p.cmd.Process, syscall.SIGTERM, p.done, grace)
	return nil
}

// Restart starts the named process again, after Kill or Terminate, with
// its command, environment and log file; it keeps its place in the stop
// order. It does not wait for the process to be ready.
func (c *Cluster) Restart(_ context.Context, name string) error {
	p, err := c.proc(name)
	if err != nil {
		return err
	}
	select {
	case <-p.done:
	default:
		return fmt.Errorf("restart %s: it still runs", name)
	}
	fmt.Fprintf(p.logs, "\n---- %s: %s started again (pitstop chaos) ----\n", time.Now().UTC().Format(time.RFC3339Nano), name)
	np, err := c.run(p.name, p.bin, p.args, p.env, p.logs)
	if err != nil {
		return err
	}
	for i := range c.procs {
		if c.procs[i] == p {
			c.procs[i] = np
		}
	}
	return nil
}
