package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// The lookups made per article or per search must use indexes: a scan per
// article makes a large import quadratic.
func TestLookupsUseIndexes(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, c := range []struct {
		q    string
		args []any
	}{
		{sqlByID, []any{"a"}},
		{sqlByURL, []any{"a"}},
		{sqlDeleteBands, []any{"a"}},
		{fmt.Sprintf(sqlClusterSizes, "?, ?"), []any{"a", "b"}},
		{sqlBetween, []any{1, 2, 3}},
	} {
		rows, err := st.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+c.q, c.args...)
		if err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		if strings.Contains(p, "SCAN") && !strings.Contains(p, "USING") {
			t.Errorf("%s\n  scans: %s", c.q, p)
		}
	}
}
