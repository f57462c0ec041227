package dates

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Qualities rank how much a match says: a full date and time beats a date,
// which beats a month-day without a year, which beats a relative time.
const (
	// qualityVague: 今天, 昨天, "yesterday" without a clock, which page
	// furniture prints as often as a publish time does.
	qualityVague    = 0
	qualityRelative = 1
	qualityMonthDay = 2
	qualityMonth    = 3
	qualityDate     = 4
	qualityDateTime = 5
	qualityZoned    = 6
)

// match is one date found in a text.
type match struct {
	t       time.Time
	start   int
	quality int
}

const clock = `(?:(上午|下午|晚上|凌晨|中午)?\s*(\d{1,2})\s*[:时点]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?(?:\s*秒)?(?:\.\d+)?\s*(?i:(am|pm|a\.m\.|p\.m\.))?)`

var (
	isoRE     = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?`)
	ymdRE     = regexp.MustCompile(`(?:^|[^\d])((?:19|20)\d{2})\s*([-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})(?:\s*[日号])?(?:[\sT,]*` + clock + `)?(?:\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT|CST|Beijing Time|北京时间))?`)
	ymRE      = regexp.MustCompile(`(?:^|[^\d])((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(号|[^\d日号]|$)`)
	dmyRE     = regexp.MustCompile(`(?:^|[^\d/.-])(\d{1,2})([/.-])(\d{1,2})[/.-]((?:19|20)\d{2})(?:[\s,]*` + clock + `)?`)
	mdRE      = regexp.MustCompile(`(?:^|[^\d/.:-])(\d{1,2})\s*(?:-|月)\s*(\d{1,2})\s*(?:日|号)?\s+` + clock)
	cnMDRE    = regexp.MustCompile(`(?:^|[^\d年])(\d{1,2})月(\d{1,2})[日号]`)
	engMDYRE  = regexp.MustCompile(`(?i)\b(` + monthNames + `)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})(?:(?:\s*,|\s+at|\s*[-–|·•])?\s*` + clock + `)?(?:\s*\(?\s*(UTC|GMT|EST|EDT|CST|CDT|PST|PDT|ET|PT|BST|CET|CEST|[+-]\d{2}:?\d{2})\b)?`)
	engDMYRE  = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(` + monthNames + `)\.?,?\s+((?:19|20)\d{2})(?:(?:\s*,|\s+at|\s*[-–|·•])?\s*` + clock + `)?(?:\s*\(?\s*(UTC|GMT|EST|EDT|CST|CDT|PST|PDT|ET|PT|BST|CET|CEST|[+-]\d{2}:?\d{2})\b)?`)
	relCNRE   = regexp.MustCompile(`(\d+)\s*(秒|分钟|分|小时|天|日|周|星期|个月|年)前`)
	relENRE   = regexp.MustCompile(`(?i)\b(\d+|an?|one)\s+(second|minute|min|hour|hr|day|week|month|year)s?\s+ago\b`)
	dayWordRE = regexp.MustCompile(`(?i)(今天|昨天|前天|刚刚|\btoday\b|\byesterday\b|\bjust now\b)(?:\s*` + clock + `)?`)
)

const monthNames = `jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`

// matches finds every date in s, each resolved to a time.
func matches(s string, loc *time.Location, now time.Time) []match {
	var out []match
	add := func(t time.Time, start, quality int) {
		if plausible(t, now) {
			out = append(out, match{t: t, start: start, quality: quality})
		}
	}
	for _, m := range isoRE.FindAllStringSubmatchIndex(s, -1) {
		g := groups(s, m)
		t, ok := build(atoi(g[1]), atoi(g[2]), atoi(g[3]), atoi(g[4]), atoi(g[5]), atoi(g[6]), zone(g[7], loc))
		if ok {
			q := qualityDateTime
			if g[7] != "" {
				q = qualityZoned
			}
			add(t, m[0], q)
		}
	}
	for _, m := range ymdRE.FindAllStringSubmatchIndex(s, -1) {
		g := groups(s, m)
		h, mi, sec, hasClock := clockOf(g[5], g[6], g[7], g[8], g[9])
		t, ok := build(atoi(g[1]), atoi(g[3]), atoi(g[4]), h, mi, sec, zone(g[10], loc))
		if ok {
			add(t, m[2], qualityFor(hasClock, g[10] != ""))
		}
	}
	for _, m := range ymRE.FindAllStringSubmatchIndex(s, -1) {
		g := groups(s, m)
		if t, ok := build(atoi(g[1]), atoi(g[2]), 1, 0, 0, 0, loc); ok {
			q := qualityMonth
			if g[3] == "号" {
				// "《北京之春》1998年3月号": a magazine's issue, as good a
				// publish date as the page has.
				q = qualityDate
			}
			add(t, m[2], q)
		}
	}
	for _, m := range dmyRE.FindAllStringSubmatchIndex(s, -1) {
		g := groups(s, m)
		day, month := atoi(g[1]), atoi(g[3])
		// Day first unless that is impossible, or the site is American.
		if month > 12 || (day <= 12 && strings.HasPrefix(loc.String(), "America/")) {
			day, month = month, day
		}
		h, mi, sec, hasClock := clockOf(g[5], g[6], g[7], g[8], g[9])
		if t, ok := build(atoi(g[4]), month, day, h, mi, sec, loc); ok {
			add(t, m[2], qualityFor(hasClock, false))
		}
	}
	for _, re := range []*regexp.Regexp{engMDYRE, engDMYRE} {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			g := groups(s, m)
			monthText, dayText := g[1], g[2]
			if re == engDMYRE {
				monthText, dayText = g[2], g[1]
			}
			h, mi, sec, hasClock := clockOf(g[4], g[5], g[6], g[7], g[8])
			if t, ok := build(atoi(g[3]), monthNumber(monthText), atoi(dayText), h, mi, sec, zone(g[9], loc)); ok {
				add(t, m[0], qualityFor(hasClock, g[9] != ""))
			}
		}
	}
	for _, m := range mdRE.FindAllStringSubmatchIndex(s, -1) {
		g := groups(s, m)
		h, mi, sec, _ := clockOf(g[3], g[4], g[5], g[6], g[7])
		if t, ok := withoutYear(atoi(g[1]), atoi(g[2]), h, mi, sec, loc, now); ok {
			add(t, m[2], qualityMonthDay)
		}
	}
	for _, m := range cnMDRE.FindAllStringSubmatchIndex(s, -1) {
		g := groups(s, m)
		if t, ok := withoutYear(atoi(g[1]), atoi(g[2]), 0, 0, 0, loc, now); ok {
			add(t, m[2], qualityMonthDay)
		}
	}
	for _, m := range relCNRE.FindAllStringSubmatchIndex(s, -1) {
		g := groups(s, m)
		add(relative(now.In(loc), atoi(g[1]), g[2]), m[0], qualityRelative)
	}
	for _, m := range relENRE.FindAllStringSubmatchIndex(s, -1) {
		g := groups(s, m)
		n := atoi(g[1])
		if n == 0 {
			n = 1 // "an hour ago", "a day ago", "one week ago"
		}
		add(relative(now.In(loc), n, strings.ToLower(g[2])), m[0], qualityRelative)
	}
	for _, m := range dayWordRE.FindAllStringSubmatchIndex(s, -1) {
		g := groups(s, m)
		if t, ok := dayWord(now.In(loc), strings.ToLower(g[1]), g[2], g[3], g[4], g[5], g[6]); ok {
			q := qualityRelative
			if g[3] == "" {
				q = qualityVague
			}
			add(t, m[0], q)
		}
	}
	return out
}

func qualityFor(hasClock, hasZone bool) int {
	switch {
	case hasZone && hasClock:
		return qualityZoned
	case hasClock:
		return qualityDateTime
	}
	return qualityDate
}

// groups returns the submatches of m in s, "" for those that did not take
// part.
func groups(s string, m []int) []string {
	g := make([]string, len(m)/2)
	for i := range g {
		if m[2*i] >= 0 {
			g[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return g
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
