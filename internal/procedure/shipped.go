package procedure

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/klacht/klacht/internal/i18n"
)

// Shipped profiles: procedures other organisations follow,
// kept as data beside the default one (the charity's, in default.go).
// `klacht profile apply NAME` or the administrators' page installs one on
// an empty register.

//go:embed profiles/*.json
var shippedFiles embed.FS

// Shipped is a profile as it ships: its name, what it is for, its
// settings as stored (over the default profile's), its lists and its
// message texts in both languages.
type Shipped struct {
	Name        string            `json:"name"`
	Title       i18n.Label        `json:"title"`
	About       i18n.Label        `json:"about"`
	Settings    map[string]string `json:"settings"`
	Departments []Item            `json:"departments"`
	Categories  []Category        `json:"categories"`
	Roles       []Item            `json:"roles"`
	Outcomes    []Outcome         `json:"outcomes"`
	Labels      []Item            `json:"labels"`
	// Templates are the messages' texts: kind → language → subject and body.
	Templates map[string]map[string]struct {
		Subject string `json:"subject"`
		Body    string `json:"body"`
	} `json:"templates"`
}

// ShippedProfiles returns the profiles that ship with klacht, by name.
func ShippedProfiles() ([]Shipped, error) {
	entries, err := shippedFiles.ReadDir("profiles")
	if err != nil {
		return nil, fmt.Errorf("shipped profiles: %w", err)
	}
	var out []Shipped
	for _, e := range entries {
		b, err := shippedFiles.ReadFile(path.Join("profiles", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("shipped profile %s: %w", e.Name(), err)
		}
		var s Shipped
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&s); err != nil {
			return nil, fmt.Errorf("shipped profile %s: %w", e.Name(), err)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Shipped) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// ShippedProfile returns the shipped profile called name.
func ShippedProfile(name string) (Shipped, bool, error) {
	all, err := ShippedProfiles()
	if err != nil {
		return Shipped{}, false, err
	}
	for _, s := range all {
		if s.Name == name {
			return s, true, nil
		}
	}
	return Shipped{}, false, nil
}

// Profile is the shipped profile applied to cur: its settings over the
// default profile's, its lists in place of cur's (channels, campaigns,
// agencies and the "no complaint" list stay cur's), checked as an
// administrator's edit would be.
func (s Shipped) Profile(cur Profile) (Profile, error) {
	p := cur
	if err := p.ApplySettings(s.Settings); err != nil {
		return p, fmt.Errorf("profile %s: %w", s.Name, err)
	}
	p.Departments, p.Categories, p.Outcomes, p.Labels = s.Departments, s.Categories, s.Outcomes, s.Labels
	if len(s.Roles) > 0 {
		p.Roles = s.Roles
	}
	if err := p.ValidateTerms(); err != nil {
		return p, fmt.Errorf("profile %s: %w", s.Name, err)
	}
	for _, c := range p.Categories {
		if !p.HasDepartment(c.RouteDepartment) {
			return p, fmt.Errorf("profile %s: category %s routes to unknown department %q", s.Name, c.Key, c.RouteDepartment)
		}
	}
	for _, d := range []string{p.DefaultDepartment, p.OwnerDepartment} {
		if !p.HasDepartment(d) {
			return p, fmt.Errorf("profile %s: unknown department %q", s.Name, d)
		}
	}
	return p, nil
}
