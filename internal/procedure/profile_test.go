package procedure

import (
	"testing"

	"github.com/klacht/klacht/internal/auth"
)

func TestDefaultProfileIsConsistent(t *testing.T) {
	p := Default()
	if p.HandlingDays != 14 || p.AppealDays != 30 { // P5.4, P8.2
		t.Errorf("terms = %d/%d", p.HandlingDays, p.AppealDays)
	}
	wantCats := []string{
		"telemarketing",
		"street_recruitment",
		"privacy",
		"financial",
		"delivery",
		"campaign_content",
		"conduct",
		"other",
	}
	for i, c := range p.Categories {
		if c.Key != wantCats[i] {
			t.Errorf("category %d = %s, want %s", i, c.Key, wantCats[i])
		}
		if !p.HasDepartment(c.RouteDepartment) {
			t.Errorf("category %s routes to unknown department %q", c.Key, c.RouteDepartment)
		}
		if c.Label.NL == "" || c.Label.EN == "" {
			t.Errorf("category %s lacks a label", c.Key)
		}
	}
	// P5.3 routes.
	routes := map[string]string{
		"privacy":          DeptDPO,
		"financial":        DeptMembershipAdmin,
		"delivery":         DeptMembershipAdmin,
		"campaign_content": DeptCampaigns,
	}
	for _, c := range p.Categories {
		if want, ok := routes[c.Key]; ok && c.RouteDepartment != want {
			t.Errorf("%s routes to %s, want %s", c.Key, c.RouteDepartment, want)
		}
	}
	for _, ch := range []string{"phone", "post", "email", "web", "in_person", "api", "cancellation"} {
		if !p.HasChannel(ch) {
			t.Errorf("channel %s missing", ch)
		}
	}
	for _, r := range auth.Roles {
		if !p.HasRole(string(r)) {
			t.Errorf("role %s has no profile label", r)
		}
	}
	if !p.HasDepartment(p.DefaultDepartment) || !p.HasDepartment(p.OwnerDepartment) {
		t.Error("default or owner department unknown")
	}
	// P5.3 routing decisions.
	p.Campaigns[0].HeadUserID = 42
	for _, tc := range []struct {
		category, campaign, team string
		assignee                 int64
	}{
		{"financial", "", DeptMembershipAdmin, 0},
		{"delivery", "", DeptMembershipAdmin, 0},
		{"privacy", "", DeptDPO, 0},
		{"telemarketing", "", DeptServiceDesk, 0},
		{"campaign_content", "klimaat", DeptCampaigns, 42},
		{"campaign_content", "landbouw", DeptCampaigns, 0}, // no head named yet: the team's queue
		{"campaign_content", "", DeptCampaigns, 0},
		{"unknown", "", DeptServiceDesk, 0},
	} {
		if team, who := p.Route(tc.category, tc.campaign); team != tc.team || who != tc.assignee {
			t.Errorf("Route(%s, %s) = %s, %d; want %s, %d", tc.category, tc.campaign, team, who, tc.team, tc.assignee)
		}
	}
	if p.Location().String() != "Europe/Amsterdam" {
		t.Errorf("location = %s", p.Location())
	}
}
