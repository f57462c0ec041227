package dates

import (
	"testing"
	"time"
)

var (
	shanghai = time.FixedZone("CST", 8*3600)
	now      = time.Date(2021, 1, 22, 18, 0, 0, 0, shanghai)
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339; "" = no date
	}{
		{"2021-01-19T09:30:00+08:00", nil, "2021-01-19T09:30:00+08:00"},
		{"2021-01-19T01:30:00Z", shanghai, "2021-01-19T01:30:00Z"},
		{"2021-01-19T09:30:00.123-05:00", nil, "2021-01-19T09:30:00-05:00"},
		{"2021-01-19 09:30", shanghai, "2021-01-19T09:30:00+08:00"},
		{"2021-01-19", shanghai, "2021-01-19T00:00:00+08:00"},
		{"2021年01月22日 14:04:00", shanghai, "2021-01-22T14:04:00+08:00"},
		{"2021年1月22日", shanghai, "2021-01-22T00:00:00+08:00"},
		{"2021年1月22日下午3:05", shanghai, "2021-01-22T15:05:00+08:00"},
		{"发布时间:2021-01-19 09:30", shanghai, "2021-01-19T09:30:00+08:00"},
		{"发布时间：２０２１－０１－１９　０９：３０", shanghai, "2021-01-19T09:30:00+08:00"},
		{"January 22, 2021", nil, "2021-01-22T00:00:00Z"},
		{"Jan. 22, 2021 at 2:04 p.m. EST", nil, "2021-01-22T14:04:00-05:00"},
		{"22 Jan 2021", nil, "2021-01-22T00:00:00Z"},
		{"Friday 22nd January 2021 10:15", nil, "2021-01-22T10:15:00Z"},
		{"22/01/2021", nil, "2021-01-22T00:00:00Z"},
		{"01/12/2020", time.FixedZone("", 0), "2020-12-01T00:00:00Z"},
		{"2021/01/22", shanghai, "2021-01-22T00:00:00+08:00"},
		{"2021.01.22 08:00", shanghai, "2021-01-22T08:00:00+08:00"},
		{"01-22 14:04", shanghai, "2021-01-22T14:04:00+08:00"},
		{"12-30 14:04", shanghai, "2020-12-30T14:04:00+08:00"},
		{"3小时前", shanghai, "2021-01-22T15:00:00+08:00"},
		{"15分钟前", shanghai, "2021-01-22T17:45:00+08:00"},
		{"2天前", shanghai, "2021-01-20T18:00:00+08:00"},
		{"昨天 09:30", shanghai, "2021-01-21T09:30:00+08:00"},
		{"5 minutes ago", shanghai, "2021-01-22T17:55:00+08:00"},
		{"an hour ago", shanghai, "2021-01-22T17:00:00+08:00"},
		{"1998年3月", shanghai, "1998-03-01T00:00:00+08:00"},
		{"——《北京之春》1998年3月号", shanghai, "1998-03-01T00:00:00+08:00"},
		{"2005-5-7 21:23:57", shanghai, "2005-05-07T21:23:57+08:00"},
		// Rejected: too old, in the future, impossible, no date at all.
		{"1989-06-04", shanghai, ""},
		{"2021-03-01", shanghai, ""},
		{"2021-02-30", shanghai, ""},
		{"31258 浏览", shanghai, ""},
		{"", shanghai, ""},
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in, tt.loc, now)
		if tt.want == "" {
			if ok {
				t.Errorf("Parse(%q) = %v, want no date", tt.in, got)
			}
			continue
		}
		if !ok {
			t.Errorf("Parse(%q) found no date, want %s", tt.in, tt.want)
			continue
		}
		if s := got.Format(time.RFC3339); s != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, s, tt.want)
		}
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"header line", "【集群】高端铝产业专班 | 2021年01月22日 14:04:00 | 31258 浏览 | 面对铝业发展的深层问题", "2021-01-22T14:04:00+08:00"},
		{"publish label beats update label", "更新时间：2021-01-21 10:00 发布时间：2021-01-19 09:30", "2021-01-19T09:30:00+08:00"},
		{"full date beats month-day", "01-20 10:00 热点 2021-01-18 08:00", "2021-01-18T08:00:00+08:00"},
		{"first of equals", "2021-01-18 新闻 2021-01-15", "2021-01-18T00:00:00+08:00"},
		{"source line", "来源：邹平融媒 作者：张明 3小时前", "2021-01-22T15:00:00+08:00"},
		{"english byline", "By Li Wei | Published January 20, 2021 | Updated January 21, 2021", "2021-01-20T00:00:00+08:00"},
		{"none", "铝价上涨了百分之三", ""},
		{"month alone is not a date", "存档 2006年12月(5) 2006年11月(6)", ""},
		{"magazine issue", "(未完待续) ——《北京之春》1998年3月号", "1998-03-01T00:00:00+08:00"},
		{"yesterday without a clock", "昨天 热点 今天", ""},
	}
	for _, tt := range tests {
		got, ok := Find(tt.text, shanghai, now)
		switch {
		case tt.want == "" && ok:
			t.Errorf("%s: Find = %v, want none", tt.name, got)
		case tt.want != "" && !ok:
			t.Errorf("%s: Find found none, want %s", tt.name, tt.want)
		case ok && got.Format(time.RFC3339) != tt.want:
			t.Errorf("%s: Find = %s, want %s", tt.name, got.Format(time.RFC3339), tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2021-01-19T09:30:00+08:00", "2021年01月22日 14:04:00", "3小时前", "January 22, 2021", "22/01/2021", "昨天 09:30", "５ minutes ago", "01-22 14:04"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := Parse(s, shanghai, now); ok && (got.Before(earliest) || got.After(now.Add(24*time.Hour))) {
			t.Fatalf("Parse(%q) = %v outside the accepted range", s, got)
		}
		Find(s, nil, now)
	})
}
