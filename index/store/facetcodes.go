package store

import (
	"context"
	"fmt"
)

// FacetCodes returns the code of each facet key, giving new keys the next
// codes. Codes are never reused or changed, so every process that indexes
// (the server, an import, a reindex) writes the same code for a key.
func (s *Store) FacetCodes(ctx context.Context, keys []string) (map[string]int64, error) {
	out := make(map[string]int64, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("facet codes: %w", err)
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO facet_codes (key) VALUES (?)`)
	if err != nil {
		return nil, fmt.Errorf("facet codes: %w", err)
	}
	defer ins.Close()
	sel, err := tx.PrepareContext(ctx, `SELECT code FROM facet_codes WHERE key = ?`)
	if err != nil {
		return nil, fmt.Errorf("facet codes: %w", err)
	}
	defer sel.Close()
	for _, k := range keys {
		if _, ok := out[k]; ok {
			continue
		}
		if _, err := ins.ExecContext(ctx, k); err != nil {
			return nil, fmt.Errorf("facet codes: %w", err)
		}
		var code int64
		if err := sel.QueryRowContext(ctx, k).Scan(&code); err != nil {
			return nil, fmt.Errorf("facet codes: %w", err)
		}
		out[k] = code
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("facet codes: %w", err)
	}
	return out, nil
}

// FacetKeys returns the keys of the given codes; unknown codes are missing.
func (s *Store) FacetKeys(ctx context.Context, codes []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(codes))
	for start := 0; start < len(codes); start += 500 {
		chunk := codes[start:min(start+500, len(codes))]
		args := make([]any, len(chunk))
		for i, c := range chunk {
			args[i] = c
		}
		rows, err := s.db.QueryContext(ctx, `SELECT code, key FROM facet_codes WHERE code IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("facet keys: %w", err)
		}
		for rows.Next() {
			var c int64
			var k string
			if err := rows.Scan(&c, &k); err != nil {
				rows.Close()
				return nil, fmt.Errorf("facet keys: %w", err)
			}
			out[c] = k
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("facet keys: %w", err)
		}
	}
	return out, nil
}
