package compliance

import (
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mcp-comply/mcp-comply/aiuse"
)

// The EU AI Act section: package aiuse states the signals (chat surfaces,
// media generation, Annex III phrases), the inventory and the residency
// section name the models and providers; judgeAIAct turns them into the
// duties of aiact.yaml, each with its article, role and dates, as an
// attestation a person confirms (Art. 50(1) chat surfaces, the GPAI
// provider's documentation) or a finding of the rule table (Art. 50(2) and
// 50(4) media generation, possible Annex III use).

//go:embed aiact.yaml
var aiActYAML []byte

// aiActDuty is a duty of aiact.yaml as written.
type aiActDuty struct {
	ID      string `yaml:"id"`
	Article string `yaml:"article"`
	Title   string `yaml:"title"`
	Role    string `yaml:"role"`
	Text    string `yaml:"text"`
	Applies []struct {
		Date    string `yaml:"date"`
		Basis   string `yaml:"basis"`
		Source  string `yaml:"source"`
		Checked string `yaml:"checked"`
	} `yaml:"applies"`
}

type aiActTable struct {
	Regulation string      `yaml:"regulation"`
	Duties     []aiActDuty `yaml:"duties"`
	AnnexIII   map[string]struct {
		Point string `yaml:"point"`
		Title string `yaml:"title"`
	} `yaml:"annex-iii"`
}

// aiAct loads the table once.
var aiAct = embedded("aiact.yaml", aiActYAML, loadAIAct)

func loadAIAct(data []byte) (*aiActTable, error) {
	var t aiActTable
	if err := decodeStrict(data, &t); err != nil {
		return nil, err
	}
	for _, d := range t.Duties {
		if d.Article == "" || d.Title == "" || d.Text == "" || (d.Role != "provider" && d.Role != "deployer") || len(d.Applies) == 0 {
			return nil, fmt.Errorf("duty %s needs an article, a title, a text, a role (provider or deployer) and a date", d.ID)
		}
		for _, a := range d.Applies {
			if _, err := time.Parse(time.DateOnly, a.Date); err != nil || a.Basis == "" || a.Source == "" || a.Checked == "" {
				return nil, fmt.Errorf("duty %s: every date needs a basis, a source and the date it was checked", d.ID)
			}
		}
	}
	return &t, nil
}

// duty is the table's duty raised by a subject, with the evidence of it.
func (t *aiActTable) duty(id, subject string, ev []Evidence) AIDuty {
	i := slices.IndexFunc(t.Duties, func(d aiActDuty) bool { return d.ID == id })
	if i < 0 {
		panic("compliance: aiact.yaml has no duty " + id)
	}
	d := t.Duties[i]
	out := AIDuty{ID: d.ID, Article: d.Article, Title: d.Title, Role: d.Role, Subject: subject,
		Text: strings.ReplaceAll(d.Text, "{subject}", subject), Evidence: ev}
	for _, a := range d.Applies {
		out.Applies = append(out.Applies, AIActDate{Date: a.Date, Basis: a.Basis, Source: a.Source, Checked: a.Checked})
	}
	if out.Evidence == nil {
		out.Evidence = []Evidence{}
	}
	return out
}

// dates writes a duty's dates for a finding's detail: one date, or every
// date with its basis when the sources disagree.
func dates(d AIDuty) string {
	day := func(s string) string {
		t, _ := time.Parse(time.DateOnly, s)
		return t.Format("2 Jan 2006")
	}
	if len(d.Applies) == 1 {
		return day(d.Applies[0].Date) + ", " + d.Applies[0].Basis
	}
	parts := make([]string, len(d.Applies))
	for i, a := range d.Applies {
		parts[i] = day(a.Date) + ", " + a.Basis
	}
	return "dates the sources disagree on, none settled: " + strings.Join(parts, "; or ")
}

// surfaceWords name a chat surface by its kind, its name and what
// answers it.
var surfaceWords = map[string]string{
	aiuse.FlowiseChatflow: "the Flowise flow %s (model: %s)",
	aiuse.DifyChatApp:     "the Dify chat app %s (model: %s)",
	aiuse.N8nChatTrigger:  "the chat trigger of the n8n workflow %s (answered by %s)",
	aiuse.N8nWebhookAgent: "the webhook of the n8n workflow %s (answered by %s)",
	aiuse.WebChatEndpoint: "the chat endpoint %s (calls %s)",
}

func evidenceOfUse(es []aiuse.Evidence) []Evidence {
	out := make([]Evidence, len(es))
	for i, e := range es {
		out[i] = Evidence{Position: position(e.Position), Excerpt: e.Excerpt}
	}
	return out
}

// deployedUse is facts without the signals only tests, fixtures and
// examples show: they exercise the code, the duties are the deployment's.
func deployedUse(facts *aiuse.Result) *aiuse.Result {
	sample := func(es []aiuse.Evidence) bool { return onlySamples(evidenceOfUse(es)) }
	out := *facts // a field added later is kept, not zeroed
	out.Surfaces, out.Generations, out.UseCases = nil, nil, nil
	for _, s := range facts.Surfaces {
		if !sample(s.Evidence) {
			out.Surfaces = append(out.Surfaces, s)
		}
	}
	for _, g := range facts.Generations {
		if !sample(g.Evidence) {
			out.Generations = append(out.Generations, g)
		}
	}
	for _, u := range facts.UseCases {
		if !sample(u.Evidence) {
			out.UseCases = append(out.UseCases, u)
		}
	}
	return &out
}

// locationEvidence is a component's locations as evidence.
func locationEvidence(ps []Position) []Evidence {
	out := make([]Evidence, len(ps))
	for i, p := range ps {
		out[i] = Evidence{Position: p}
	}
	return out
}

// mediaModalities are the model outputs Art. 50(2) is about.
var mediaModalities = []string{"image", "audio", "video"}

// judgeAIAct fills the EU AI Act section, its findings and attestations,
// from the AI signals, the inventory's models and the residency section's
// LLM providers. The section stays nil when the project shows no AI use.
func judgeAIAct(r *Report, policy Policy, facts *aiuse.Result) {
	facts = deployedUse(facts)
	t := aiAct()
	sec := &AIAct{InVerdict: policy.Market == EU, Duties: []AIDuty{}}
	add := func(o observation) string {
		f, ok := observe(o, policy.Market)
		if !ok {
			return ""
		}
		r.Findings = append(r.Findings, f)
		return f.Fingerprint
	}
	attest := func(d *AIDuty, key string) {
		a := Attestation{ID: fingerprint("attestation", "ai-act/"+d.ID, key), Area: AreaAIAct, Subject: d.Subject, Text: d.Text}
		d.Attestation = a.ID
		r.Attestations = append(r.Attestations, a)
	}

	// Art. 50(1): each chat surface, an attestation with its files.
	for _, s := range facts.Surfaces {
		subject := fmt.Sprintf(surfaceWords[s.Kind], s.Name, s.Backing)
		ev := evidenceOfUse(s.Evidence)
		d := t.duty("art-50-1", subject, ev)
		attest(&d, s.Kind+"\x00"+s.Name+"\x00"+ev[0].File)
		sec.Duties = append(sec.Duties, d)
	}

	// Art. 50(2) and 50(4): each generation (a call, a node, a model that
	// produces media), one finding both duties name.
	type generation struct {
		modality, call string
		ev             []Evidence
	}
	var gens []*generation
	find := func(modality, call string) *generation {
		for _, g := range gens {
			if g.modality == modality && g.call == call {
				return g
			}
		}
		g := &generation{modality: modality, call: call}
		gens = append(gens, g)
		return g
	}
	for _, g := range facts.Generations {
		x := find(g.Modality, g.Call)
		x.ev = append(x.ev, evidenceOfUse(g.Evidence)...)
	}
	hasAI := len(facts.Surfaces) > 0 || len(facts.Generations) > 0
	for _, c := range r.Inventory.Components {
		if c.Model == nil {
			continue
		}
		ev := locationEvidence(c.Locations)
		if onlySamples(ev) {
			continue
		}
		hasAI = true
		for _, m := range c.Model.Modalities {
			if slices.Contains(mediaModalities, m) {
				x := find(m, "the model "+c.Name)
				x.ev = append(x.ev, ev...)
			}
		}
	}
	for _, g := range gens {
		subject := g.modality + " generation: " + g.call
		d2, d4 := t.duty("art-50-2", g.call, g.ev), t.duty("art-50-4", g.call, g.ev)
		d2.Subject, d4.Subject = subject, subject
		fp := add(observation{rule: "ai-act/synthetic-content", subject: g.modality + ":" + g.call,
			values:   map[string]string{"modality": g.modality, "call": g.call, "dates": dates(d2)},
			evidence: g.ev})
		d2.Finding, d4.Finding = fp, fp
		sec.Duties = append(sec.Duties, d2, d4)
	}

	// Art. 53–55: each provider of general-purpose models the project
	// uses, hosted (the residency section's LLM providers) or open-weight
	// (the catalogue's vendor of a model the project runs); one that only
	// tests and examples name is no provider of the deployment.
	var providers []string
	gpai := func(name string, ev []Evidence) {
		if name == "" || onlySamples(ev) || slices.Contains(providers, name) {
			return
		}
		providers = append(providers, name)
		d := t.duty("gpai", name, ev)
		attest(&d, name)
		sec.Duties = append(sec.Duties, d)
	}
	if res := r.Residency; res != nil {
		for _, e := range res.Endpoints {
			if e.Kind != "llm" || e.Sample {
				continue
			}
			hasAI = true // a model the project runs itself is AI use too
			// A self-hosted server is no model provider, and an unlisted
			// host names none to ask.
			if e.Guarantee != SelfHosted && e.Provider != "unlisted" {
				gpai(cmp.Or(e.ProviderName, e.Provider), e.Evidence)
			}
		}
	}
	for _, c := range r.Inventory.Components {
		if m := c.Model; m != nil && m.Kind == "open-weight" && m.Vendor != "" {
			gpai(m.Vendor, locationEvidence(c.Locations))
		}
	}

	// Annex III: each use case the project's own text names, in a project
	// that uses AI (a phrase in a project without AI is no AI system's).
	if hasAI {
		byCat := map[string][]aiuse.UseCase{}
		var cats []string
		for _, u := range facts.UseCases {
			if _, ok := byCat[u.Category]; !ok {
				cats = append(cats, u.Category)
			}
			byCat[u.Category] = append(byCat[u.Category], u)
		}
		slices.Sort(cats)
		for _, c := range cats {
			us := byCat[c]
			point := t.AnnexIII[c]
			var ev []Evidence
			var phrases []string
			for _, u := range us {
				ev = append(ev, evidenceOfUse(u.Evidence)...)
				if p := fmt.Sprintf("%q (%s)", u.Phrase, u.Where); !slices.Contains(phrases, p) {
					phrases = append(phrases, p)
				}
			}
			d := t.duty("annex-iii", point.Title, ev)
			d.Article = "Art. 6(2) and " + point.Point
			d.Finding = add(observation{rule: "ai-act/annex-iii", subject: c,
				values:   map[string]string{"use": point.Title, "point": point.Point, "phrases": strings.Join(phrases, ", "), "dates": dates(d)},
				evidence: ev})
			sec.Duties = append(sec.Duties, d)
		}
	}
	if len(sec.Duties) == 0 {
		return
	}
	r.AIAct = sec
}
