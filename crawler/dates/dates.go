// Package dates reads publish times as news pages write them: ISO 8601,
// "2021年01月22日 14:04:00", "发布时间:2021-01-19 09:30", "January 22, 2021",
// "22/01/2021", "01-22 14:04", relative times such as "3小时前" or
// "5 minutes ago", in half- or full-width digits.
package dates

import (
	"strings"
	"time"
)

// earliest is the oldest publish time accepted: nothing on the web is older,
// and older numbers on a page are founding years and historical dates.
var earliest = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// Parse reads s as one publish time. A time written without an offset is
// taken in loc (UTC when loc is nil); relative times count back from now.
// It fails on strings that hold no date, and on dates before 1990 or more
// than a day after now.
func Parse(s string, loc *time.Location, now time.Time) (time.Time, bool) {
	ms := matches(normalize(s), orUTC(loc), now)
	if len(ms) == 0 {
		return time.Time{}, false
	}
	best := ms[0]
	for _, m := range ms[1:] {
		if m.quality > best.quality {
			best = m
		}
	}
	return best.t, true
}

// Find returns the most plausible publish time in a stretch of visible text:
// a full date beats a partial one, a date next to a publish label (发布时间,
// 日期, Published) beats an unlabelled one, one next to an update label
// (更新, Updated) loses, and among equals the first wins, since pages put the
// publish time near the top.
func Find(text string, loc *time.Location, now time.Time) (time.Time, bool) {
	norm := normalize(text)
	ms := matches(norm, orUTC(loc), now)
	if len(ms) == 0 {
		return time.Time{}, false
	}
	best, bestScore := ms[0], -1e9
	found := false
	for _, m := range ms {
		bonus := labelBonus(norm, m.start)
		// A bare "2006年12月" in running text is an archive link or a
		// historical reference far more often than a publish date.
		if (m.quality == qualityMonth || m.quality == qualityVague) && bonus <= 0 {
			continue
		}
		found = true
		score := float64(m.quality) + bonus
		// A little for being early, so ties go to the top of the page.
		score -= float64(m.start) / float64(len(norm)+1)
		if score > bestScore {
			best, bestScore = m, score
		}
	}
	return best.t, found
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// plausible reports whether t could be a publish time seen at now.
func plausible(t, now time.Time) bool {
	return !t.Before(earliest) && !t.After(now.Add(24*time.Hour))
}

// normalize maps full-width digits and punctuation to ASCII and no-break
// spaces to spaces, keeping byte offsets meaningful for labels.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９', r == '：', r == '／', r == '－', r == '．', r == '，':
			return r - 0xFEE0
		case r == '\u3000', r == '\u00a0':
			return ' '
		}
		return r
	}, s)
}
