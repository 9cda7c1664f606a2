package compliance

import "github.com/mcp-comply/mcp-comply/residency"

// settingObservation is an encryption or transport setting of package
// residency as the rule table judges it: the rule encryption/<rule>,
// identified by the file, the setting and the value found.
func settingObservation(s residency.Setting) observation {
	excerpt := s.Key
	if s.Value != "" {
		excerpt += "=" + s.Value
	}
	subject := s.Evidence.File + ":" + s.Key
	return observation{
		rule: "encryption/" + s.Rule, subject: subject, key: subject + "=" + s.Value,
		values:   map[string]string{"key": s.Key, "detail": s.Detail},
		evidence: []Evidence{{Position: position(s.Evidence.Position), Excerpt: excerpt}},
	}
}
