package storetest

import (
	"context"
	"testing"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/complaint"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/i18n"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

func testRouting(t *testing.T, s *store.Store) {
	ctx := store.System(context.Background())
	admin := MustUser(t, s, "admin@example.nl", auth.RoleAdmin)
	head := MustUser(t, s, "head@example.nl", auth.RoleCampaignLead)
	v0, _ := s.ProfileVersion(ctx)

	if err := s.SetCategoryRoute(ctx, "conduct", procedure.DeptFundraising, admin.ID, T0); err != nil {
		t.Fatal(err)
	}
	wantCode(t, s.SetCategoryRoute(ctx, "conduct", "canteen", admin.ID, T0), fault.Invalid)
	wantCode(t, s.SetCategoryRoute(ctx, "weather", procedure.DeptDPO, admin.ID, T0), fault.Invalid)
	cp := procedure.Campaign{
		Item:       procedure.Item{Key: "klimaat", Label: i18n.Label{NL: "Klimaat!", EN: "Climate!"}},
		HeadUserID: head.ID,
	}
	if err := s.SaveCampaign(ctx, cp, admin.ID, T0); err != nil {
		t.Fatal(err)
	}
	bad := cp
	bad.HeadUserID = 9999
	wantCode(t, s.SaveCampaign(ctx, bad, admin.ID, T0), fault.Invalid)
	newCampaign := procedure.Campaign{Item: procedure.Item{Key: "oceaan", Label: i18n.Label{NL: "Oceaan", EN: "Ocean"}}}
	if err := s.SaveCampaign(ctx, newCampaign, admin.ID, T0); err != nil {
		t.Fatal(err)
	}

	p, err := s.LoadProfile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Version == v0 || p.Version == "" {
		t.Errorf("profile version did not move: %q", p.Version)
	}
	if team, who := p.Route("conduct", ""); team != procedure.DeptFundraising || who != 0 {
		t.Errorf("conduct routes to %s/%d", team, who)
	}
	if team, who := p.Route("campaign_content", "klimaat"); team != procedure.DeptCampaigns || who != head.ID {
		t.Errorf("klimaat content routes to %s/%d", team, who)
	}
	if !p.HasCampaign("oceaan") || p.CampaignLabel("klimaat", i18n.EN) != "Climate!" {
		t.Errorf("campaigns = %+v", p.Campaigns)
	}
	changes, err := s.ProfileChanges(ctx, 10)
	if err != nil || len(changes) != 3 || changes[0].What != "campaign" ||
		changes[2].Data["to"] != procedure.DeptFundraising ||
		changes[0].ActorName != admin.Name {
		t.Errorf("changes = %+v, %v", changes, err)
	}

	// A complaint carries its team and campaign; hand-over moves both.
	d := Draft("Routed")
	d.Category, d.Campaign = "campaign_content", "klimaat"
	c, err := complaint.New(d, p, p.Terms(), admin.ID, T0)
	if err != nil {
		t.Fatal(err)
	}
	c.Team, c.AssigneeID = p.Route(c.Category, c.Campaign)
	c, _, err = s.CreateComplaint(ctx, c, store.CreateOptions{ReferencePrefix: "K", ReferenceYear: 2026})
	if err != nil {
		t.Fatal(err)
	}
	if c.Team != procedure.DeptCampaigns || c.Campaign != "klimaat" || c.AssigneeID != head.ID ||
		c.AssigneeName != head.Name {
		t.Errorf("created %s/%s/%d/%s", c.Team, c.Campaign, c.AssigneeID, c.AssigneeName)
	}
	c, err = s.UpdateComplaint(
		ctx,
		c.Reference,
		func(cur complaint.Complaint) (complaint.Complaint, []complaint.Event, error) {
			next, ev, err := cur.Assign(
				complaint.Handler{Team: procedure.DeptMembershipAdmin},
				complaint.EventAssigned,
				"geld",
				p,
				admin.ID,
				T0,
			)
			return next, []complaint.Event{ev}, err
		},
	)
	if err != nil || c.Team != procedure.DeptMembershipAdmin || c.AssigneeID != 0 {
		t.Fatalf("assign = %s/%d, %v", c.Team, c.AssigneeID, err)
	}
	mine, _, err := s.ListComplaints(ctx, store.Filter{Team: procedure.DeptMembershipAdmin}, store.SortDueAsc, 10, nil)
	if err != nil || len(mine) != 1 {
		t.Errorf("team queue = %d, %v", len(mine), err)
	}
	leads, err := s.ActiveUsers(ctx, auth.RoleCampaignLead)
	if err != nil || len(leads) != 1 || leads[0].ID != head.ID {
		t.Errorf("campaign leads = %v, %v", leads, err)
	}
}
