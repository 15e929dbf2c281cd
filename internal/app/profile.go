package app

import (
	"context"
	"fmt"

	"github.com/klacht/klacht/internal/auth"
	"github.com/klacht/klacht/internal/fault"
	"github.com/klacht/klacht/internal/notify"
	"github.com/klacht/klacht/internal/procedure"
	"github.com/klacht/klacht/internal/store"
)

// Administrators' edits of the profile. Each is stored with who made it and
// when; afterwards this server reads the profile anew at once, and every
// other server within profileCheckEvery.

// afterEdit reloads the profile when an edit went through.
func (a *Service) afterEdit(err error) error {
	if err == nil {
		a.ReloadProfile()
	}
	return err
}

// SetCategoryRoute sends new complaints of category to department (P5.3).
func (a *Service) SetCategoryRoute(ctx context.Context, u auth.User, category, department string) error {
	return a.afterEdit(a.store.SetCategoryRoute(ctx, category, department, u.ID, a.Now()))
}

// SaveCampaign adds a campaign or changes its labels and head.
func (a *Service) SaveCampaign(ctx context.Context, u auth.User, cp procedure.Campaign) error {
	return a.afterEdit(a.store.SaveCampaign(ctx, cp, u.ID, a.Now()))
}

// SaveItem adds an entry to a profile list (agencies, labels) or renames one.
func (a *Service) SaveItem(ctx context.Context, u auth.User, list store.ItemList, it procedure.Item) error {
	return a.afterEdit(a.store.SaveItem(ctx, list, it, u.ID, a.Now()))
}

// SaveElsewhere checks an entry of the list of matters that are no
// complaint (fields named with prefix) and adds or changes it.
func (a *Service) SaveElsewhere(ctx context.Context, u auth.User, e procedure.Elsewhere, prefix string) error {
	e, err := e.Normalize(prefix)
	if err != nil {
		return err
	}
	return a.afterEdit(a.store.SaveElsewhere(ctx, e, u.ID, a.Now()))
}

// RemoveElsewhere takes an entry off that list.
func (a *Service) RemoveElsewhere(ctx context.Context, u auth.User, key string) error {
	return a.afterEdit(a.store.RemoveElsewhere(ctx, key, u.ID, a.Now()))
}

// SetTerms stores the terms of p (procedure.TermKeys) after checking them.
func (a *Service) SetTerms(ctx context.Context, u auth.User, p procedure.Profile) error {
	return a.afterEdit(a.store.SetTerms(ctx, p, u.ID, a.Now()))
}

// ApplyProfile installs the shipped profile name on an empty register:
// its terms, lists, switches and message texts, each checked
// as an administrator's edit is.
func (a *Service) ApplyProfile(ctx context.Context, u auth.User, name string) error {
	sp, ok, err := procedure.ShippedProfile(name)
	if err != nil {
		return err
	}
	if !ok {
		return fault.InvalidField("profile", "err.profile.unknown", name)
	}
	p, err := sp.Profile(a.Profile())
	if err != nil {
		return err
	}
	var templates []store.SavedTemplate
	for kind, langs := range sp.Templates {
		for lang, t := range langs {
			nt := notify.Template{Kind: notify.Kind(kind), Lang: lang, Subject: t.Subject, Body: t.Body}
			if err := nt.Check(); err != nil {
				return fmt.Errorf("profile %s, message %s/%s: %w", name, kind, lang, err)
			}
			templates = append(templates, store.SavedTemplate{Kind: kind, Lang: lang, Subject: t.Subject, Body: t.Body})
		}
	}
	return a.afterEdit(a.store.ApplyProfile(ctx, name, p, templates, u.ID, a.Now()))
}
