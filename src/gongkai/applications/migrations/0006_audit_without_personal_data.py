"""Remove applicants' and third parties' names from audit rows written before the rule.

Until this change an application's audit rows named it "code + applicant's name"
(`target_repr`), and a consultation's rows held the consulted party's name in `data`.
The audit log is append-only (a trigger refuses UPDATE), so this migration lifts the
trigger, corrects exactly those fields and puts the trigger back, in the migration's
one transaction; nothing else of any row changes (who, when, what, which states, the
comments), so the trail is kept. `target_repr` becomes the application's code; a
consultation's `party` becomes `consultation`, the consultation's id (found by the
application and the name), or is dropped when no consultation matches any more.
"""

from django.db import migrations

from gongkai.audit import append_only

TARGET = "applications.application"


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Application = apps.get_model("applications", "Application")
    Consultation = apps.get_model("applications", "Consultation")
    db = schema_editor.connection.alias
    events = AuditEvent.objects.using(db).filter(target_type=TARGET)
    codes = dict(Application.objects.using(db).values_list("pk", "code"))
    changes = []
    for event in events.iterator():
        repr_ = codes.get(int(event.target_id)) if event.target_id.isdigit() else None
        repr_ = repr_ or event.target_repr.split(" ", 1)[0]
        data = dict(event.data or {})
        if "party" in data:
            party = data.pop("party")
            found = (
                Consultation.objects.using(db)
                .filter(application_id=event.target_id, party_name=party)
                .values_list("pk", flat=True)
                .first()
            )
            if found is not None:
                data["consultation"] = found
        if repr_ != event.target_repr or data != (event.data or {}):
            changes.append((event.pk, repr_, data))
    if not changes:
        return
    append_only.lift(schema_editor)
    for pk, repr_, data in changes:
        # the base manager's plain QuerySet (the model's own refuses update())
        AuditEvent._base_manager.using(db).filter(pk=pk).update(target_repr=repr_, data=data)
    append_only.restore(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0005_desk_indexes"),
        ("audit", "0002_append_only"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
