package hardening

import (
	"slices"
	"testing"
)

// A tool acts by its name or by the verb its description starts with;
// a reading tool whose name holds an action noun or verb does not.
// destructiveHint: true and a confirmation step are what the checklist
// asks of a tool that acts.
func TestToolActs(t *testing.T) {
	yes, no := true, false
	for _, tc := range []struct {
		tool      Tool
		acts      []string
		marked    bool
		confirms  bool
		annotated bool
	}{
		{Tool{Name: "send_email"}, []string{"send"}, false, false, false},
		{Tool{Name: "issue", Description: "Deletes an issue by number."}, []string{"delete"}, false, false, false},
		{Tool{Name: "transferFunds", Annotations: Annotations{DestructiveHint: &no}}, []string{"transfer"}, false, false, true},
		{Tool{Name: "delete_file", Annotations: Annotations{DestructiveHint: &yes}}, []string{"delete"}, true, false, true},
		{Tool{Name: "drop_table", Params: []Param{{Name: "confirm", Type: "boolean"}}}, []string{"drop"}, false, true, false},
		{Tool{Name: "run_workflow", Description: "Runs a workflow. Ask the user to confirm before calling."}, []string{"run"}, false, true, false},
		// Negatives: reading tools, nouns, a read-only tool declared destructive means nothing.
		{Tool{Name: "get_emails", Description: "Lists the emails in a folder."}, nil, false, false, false},
		{Tool{Name: "list_deleted_files"}, nil, false, false, false},
		{Tool{Name: "playwright_go_forward", Description: "Navigate forward in browser history"}, nil, false, false, false},
		{Tool{Name: "forward_email"}, []string{"forward"}, false, false, false},
		{Tool{Name: "chrome_go_back_or_forward", Description: "Navigate back or forward in browser history"}, nil, false, false, false},
		{Tool{Name: "parallel_search_web", Description: "Run multiple web searches in parallel for comprehensive topic coverage"}, nil, false, false, false},
		{Tool{Name: "execute_sql", Description: "Execute a SQL query against the database"}, []string{"execute"}, false, false, false},
		{Tool{Name: "query_logs", Description: "Run a query against Grafana Loki"}, []string{"run"}, false, false, false},
		{Tool{Name: "forward_back_office_email"}, []string{"forward"}, false, false, false},
		{Tool{Name: "go_run"}, []string{"run"}, false, false, false},
		{Tool{Name: "navigate_delete_page"}, []string{"delete"}, false, false, false},
		{Tool{Name: "email_summary", Description: "Summarises an email thread."}, nil, false, false, false},
		{Tool{Name: "search", Description: "Search the docs; results are not sent anywhere."}, nil, false, false, false},
		{Tool{Name: "purge_cache", Annotations: Annotations{ReadOnlyHint: &yes, DestructiveHint: &yes}}, []string{"purge"}, false, false, true},
	} {
		r := toolRisk(tc.tool)
		if !slices.Equal(r.Acts, tc.acts) || r.MarkedDestructive != tc.marked || r.Confirms != tc.confirms || r.Annotated != tc.annotated {
			t.Errorf("%s: acts %v marked %v confirms %v annotated %v; want %v %v %v %v", tc.tool.Name,
				r.Acts, r.MarkedDestructive, r.Confirms, r.Annotated, tc.acts, tc.marked, tc.confirms, tc.annotated)
		}
	}
}
