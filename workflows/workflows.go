// Package workflows lists Pitstop's durable workflows, one package per
// domain (appointment, desk, ...), and registers them under the names that
// running workflows and recorded histories carry.
package workflows

import (
	"go.temporal.io/sdk/workflow"

	"github.com/pitstop-dev/pitstop/workflows/appointment"
	"github.com/pitstop-dev/pitstop/workflows/conversation"
	"github.com/pitstop-dev/pitstop/workflows/dealerevents"
	"github.com/pitstop-dev/pitstop/workflows/desk"
	"github.com/pitstop-dev/pitstop/workflows/dmsimport"
	"github.com/pitstop-dev/pitstop/workflows/optout"
	"github.com/pitstop-dev/pitstop/workflows/retention"
	"github.com/pitstop-dev/pitstop/workflows/ticket"
)

// Registry is what a worker or a replayer offers to register workflows.
type Registry interface {
	RegisterWorkflowWithOptions(w interface{}, options workflow.RegisterOptions)
}

// Names pins each workflow's registered name. They are the names the
// functions had when their first histories were recorded; a rename of a
// function must not rename the workflow type.
var Names = map[string]any{
	appointment.WorkflowName:          appointment.AppointmentWorkflow,
	appointment.TaskDoneWorkflowName:  appointment.TaskDoneWorkflow,
	appointment.FeedbackWorkflowName:  appointment.FeedbackWorkflow,
	desk.WorkflowName:                 desk.DeskConfirmationWorkflow,
	dmsimport.WorkflowName:            dmsimport.DMSImportWorkflow,
	dmsimport.ManualWorkflowName:      dmsimport.DMSManualWorkflow,
	dmsimport.DeliverWorkflowName:     dmsimport.DMSDeliverWorkflow,
	ticket.WorkflowName:               ticket.TicketWorkflow,
	optout.WorkflowName:               optout.SMSKeywordWorkflow,
	retention.WorkflowName:            retention.RetentionWorkflow,
	retention.PlatesWorkflowName:      retention.ForgetPlainPlatesWorkflow,
	dealerevents.DispatchWorkflowName: dealerevents.DispatchWorkflow,
	dealerevents.DeliveryWorkflowName: dealerevents.DeliveryWorkflow,
	conversation.InboundWorkflowName:  conversation.InboundMessageWorkflow,
	conversation.AnswerWorkflowName:   conversation.AppointmentAnswerWorkflow,
}

// Register adds every workflow under its pinned name.
func Register(r Registry) {
	for name, fn := range Names {
		r.RegisterWorkflowWithOptions(fn, workflow.RegisterOptions{Name: name})
	}
}
