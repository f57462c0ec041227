package normalize

import "testing"

func TestText(t *testing.T) {
	n := New()
	cases := []struct {
		name, in, want string
	}{
		{"plain", "铝价上涨 LME", "铝价上涨 LME"},
		{"full width", "ＯＰＥＣ会议　５Ｇ", "OPEC会议 5G"},
		{"traditional", "鋁業銀行電動車", "铝业银行电动车"},
		{"invalid utf8", "铝\xff\xfe价", "铝  价"},
		{"nul and control", "a\x00b\x01c\nd", "a b c\nd"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := n.Text(c.in)
			if got.S != c.want {
				t.Fatalf("Text(%q) = %q, want %q", c.in, got.S, c.want)
			}
		})
	}
}

func TestOrigOffsets(t *testing.T) {
	n := New()
	in := "ＯＰＥＣ减产，油价ＵＰ"
	got := n.Text(in)
	// "油价" starts at normalized byte 4+9=13; it must map back to its original offset.
	norm := "OPEC减产,油价UP"
	if got.S != norm {
		t.Fatalf("got %q", got.S)
	}
	start := len("OPEC减产,")
	end := start + len("油价")
	if o := in[got.Orig(start):got.Orig(end)]; o != "油价" {
		t.Fatalf("orig slice = %q", o)
	}
	if got.Orig(len(got.S)) != len(in) {
		t.Fatalf("end maps to %d, want %d", got.Orig(len(got.S)), len(in))
	}
}

func FuzzText(f *testing.F) {
	n := New()
	for _, s := range []string{"ＯＰＥＣ鋁業", "a\x00\xff", "铝", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := n.Text(s)
		if got.Orig(len(got.S)) != len(s) {
			t.Fatalf("end maps to %d, want %d", got.Orig(len(got.S)), len(s))
		}
		prev := 0
		for i := 0; i <= len(got.S); i++ {
			o := got.Orig(i)
			if o < prev || o > len(s) {
				t.Fatalf("offset %d maps to %d (prev %d, len %d)", i, o, prev, len(s))
			}
			prev = o
		}
	})
}
