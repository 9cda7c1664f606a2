package compliance

import (
	"maps"

	"github.com/mcp-comply/mcp-comply/residency"
)

// cmkRequired is the variant of the rules a policy asking for
// customer-managed keys raises (Policy.CustomerManagedKeys).
const cmkRequired = "cmk-required"

// settingObservation is an encryption or transport setting of package
// residency as the rule table judges it: the rule encryption/<rule>,
// identified by the file, the setting and the value found. Its form is
// also the variant a rule may judge apart (plain HTTP to a service name),
// unless cmk (the policy asks for customer-managed keys) and the rule
// declares a cmk-required variant.
func settingObservation(s residency.Setting, cmk bool) observation {
	excerpt := s.Key
	if s.Value != "" {
		excerpt += "=" + s.Value
	}
	subject := s.Evidence.File + ":" + s.Key
	values := maps.Clone(s.With)
	if values == nil {
		values = map[string]string{}
	}
	values["key"], values["value"] = s.Key, s.Value
	variant := s.Form
	if _, raised := rules().byID["encryption/"+s.Rule].Variants[cmkRequired]; raised && cmk {
		variant = cmkRequired
	}
	return observation{
		rule: "encryption/" + s.Rule, form: s.Form, variant: variant, subject: subject, key: subject + "=" + s.Value, values: values,
		reviewed: s.Reviewed,
		evidence: []Evidence{{Position: position(s.Evidence.Position), Excerpt: excerpt}},
	}
}
