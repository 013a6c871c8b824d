"""The back office through HTTP, as each persona."""

from __future__ import annotations

import re
from datetime import date

from gongkai.applications import actions
from gongkai.applications.models import Application
from gongkai.audit.models import AuditEvent


def test_desk_queues(world, register, client_for, today):
    today(date(2026, 4, 2))
    overdue = register(date(2026, 3, 2))  # due 2026-03-30
    soon = register(date(2026, 3, 9), applicant_name="李秀英")  # due 2026-04-07 (清明 04-04..06)
    later = register(date(2026, 3, 30), applicant_name="王志强")
    paused = register(date(2026, 3, 27), applicant_name="赵丽娟")
    actions.start_consultation(
        paused,
        acting_user=world.officer,
        on=date(2026, 3, 31),
        party_kind="agency",
        party_name="西工区财政局",
    )
    client = client_for("officer")
    page = client.get("/staff/applications/").content.decode()
    assert overdue.code in page and soon.code not in page  # opens on the overdue queue
    assert "逾期3个工作日" in page  # 03-31, 04-01, 04-02
    page = client.get("/staff/applications/?queue=soon").content.decode()
    assert soon.code in page and later.code not in page and "剩2个工作日" in page
    page = client.get("/staff/applications/?queue=paused").content.decode()
    assert paused.code in page and "暂停中" in page
    page = client.get("/staff/applications/?queue=open").content.decode()
    assert all(a.code in page for a in (overdue, soon, later, paused))
    assert (
        client.get(f"/staff/applications/?queue=open&q={later.code}")
        .content.decode()
        .count("王志强")
        == 1
    )


def test_other_agencies_get_404_and_editors_403(world, register, client_for, today):
    today(date(2026, 3, 10))
    application = register(date(2026, 3, 2))
    url = f"/staff/applications/{application.code}/"
    assert client_for("other_officer").get(url).status_code == 404
    assert client_for("other_officer").get(url + "answer/").status_code == 404
    assert client_for("publisher").get(url).status_code == 403
    assert client_for("anonymous").get(url).status_code == 302
    mine = register(date(2026, 3, 2), agency=world.agency_b)
    assert client_for("officer").get(f"/staff/applications/{mine.code}/").status_code == 404
    desk = client_for("officer").get("/staff/applications/?queue=open").content.decode()
    assert mine.code not in desk


def test_personal_data_masked_except_for_officers_and_audited(world, register, client_for, today):
    today(date(2026, 3, 10))
    application = register(date(2026, 3, 2))
    url = f"/staff/applications/{application.code}/"
    for persona in ("supervisor", "reviewer"):
        page = client_for(persona).get(url).content.decode()
        assert "410303199003071238" not in page and "13812345678" not in page
        assert "410*************38" in page and "138********" in page
        assert "张**" in page and "张建华" not in page
        assert client_for(persona).get(url + "personal/").status_code == 403
    officer = client_for("officer")
    page = officer.get(url).content.decode()
    assert "张建华" in page and "410303199003071238" not in page  # in full only on request
    before = AuditEvent.objects.filter(action="application.view_personal").count()
    page = officer.get(url + "personal/").content.decode()
    assert "410303199003071238" in page and "13812345678" in page and "纱厂南路18号" in page
    event = AuditEvent.objects.filter(action="application.view_personal").latest("pk")
    assert AuditEvent.objects.filter(action="application.view_personal").count() == before + 1
    assert event.actor == world.officer and event.target_id == str(application.pk)
    desk = client_for("supervisor").get("/staff/applications/?queue=open").content.decode()
    assert application.code in desk and "张建华" not in desk and "张**" in desk


def test_moves_through_their_pages(world, register, client_for, today):
    today(date(2026, 3, 5))
    application = register(date(2026, 3, 2))
    client = client_for("officer")
    url = f"/staff/applications/{application.code}/"
    response = client.post(url + "request_correction/", {"on": "2026-03-05", "items": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    response = client.post(url + "request_correction/", {"on": "2026-03-05", "items": "请写明年度"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "等待补正" in page and "补正告知书" in page and "2026-03-05告知补正" in page
    # A move the state does not allow is refused with the reason.
    response = client.get(url + "answer/", follow=True)
    assert "当前状态为“待补正”，不能答复" in response.content.decode()
    # The reviewer cannot make the officer's moves.
    assert (
        client_for("reviewer").post(url + "receive_correction/", {"on": "2026-03-05"}).status_code
        == 403
    )
    response = client.post(url + "receive_correction/", {"on": "2026-03-04"})
    assert "早于上一个办理环节" in response.content.decode()
    assert client.post(url + "receive_correction/", {"on": "2026-03-05"}).status_code == 302
    assert Application.objects.get(pk=application.pk).due_on == date(2026, 4, 2)


def test_extension_approved_by_the_reviewer_over_http(world, register, client_for, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    url = f"/staff/applications/{application.code}/"
    officer, reviewer = client_for("officer"), client_for("reviewer")
    assert (
        officer.post(url + "request_extension/", {"days": "25", "reason": "x"}).status_code == 200
    )
    assert (
        officer.post(url + "request_extension/", {"days": "10", "reason": "需会商"}).status_code
        == 302
    )
    assert "待审核人批准" in reviewer.get(url).content.decode()
    desk = reviewer.get("/staff/applications/?queue=extension").content.decode()
    assert application.code in desk
    assert reviewer.post(url + "approve_extension/", {"on": "2026-03-20"}).status_code == 302
    application.refresh_from_db()
    assert application.extension_days == 10 and application.due_on == date(2026, 4, 14)
    assert application.letters.filter(kind="extension").exists()


def test_supervisor_sees_overdue_counts_across_the_subtree(world, register, client_for, today):
    today(date(2026, 4, 2))
    register(date(2026, 3, 2))
    register(date(2026, 3, 3), agency=world.agency_b)
    register(date(2026, 3, 30), agency=world.agency_b)
    late = register(date(2026, 2, 2), agency=world.agency_b)  # due 03-06: 春节 02-15..23 off
    actions.answer(late, acting_user=world.other_officer, on=date(2026, 3, 9), outcome="三.一")
    page = client_for("supervisor").get("/staff/applications/agencies/").content.decode()
    assert '逾期未答复的申请共 <strong class="late">2</strong> 件' in page
    row = re.search(r'<th scope="row">西工区教育局</th>(.*?)</tr>', page).group(1)
    cells = re.findall(r'<td class="num[^"]*">(\d+)</td>', row)
    # open, overdue, due soon, consulted, received this year, closed this year, closed late
    assert cells == ["2", "1", "0", "0", "3", "1", "1", "0"]
    assert client_for("officer").get("/staff/applications/agencies/").status_code == 403


def test_search_by_name_only_where_names_are_shown(world, register, client_for, today):
    today(date(2026, 3, 10))
    application = register(date(2026, 3, 2))
    supervisor, officer = client_for("supervisor"), client_for("officer")
    assert (
        application.code in officer.get("/staff/applications/?queue=open&q=张建华").content.decode()
    )
    assert (
        application.code
        not in supervisor.get("/staff/applications/?queue=open&q=张建华").content.decode()
    )
    by_code = supervisor.get(f"/staff/applications/?queue=open&q={application.code.lower()}")
    assert application.code in by_code.content.decode()


def test_an_organisations_people_are_masked_except_for_officers(world, register, client_for, today):
    """Security audit, item 8: the 法定代表人 and 联系人 of an organisation applicant are
    people; reviewers and supervisors see them masked, like a natural person's name."""
    today(date(2026, 3, 10))
    application = register(
        date(2026, 3, 2),
        applicant_type="commercial",
        applicant_name="洛阳某文化有限公司",
        id_type="credit_code",
        id_number="91350100M000100Y43",
        legal_representative="周大福",
        contact_name="吴晓燕",
        address="洛阳市西工区纱厂南路18号锦绣小区3号楼",
    )
    url = f"/staff/applications/{application.code}/"
    officer = client_for("officer").get(url + "personal/").content.decode()
    assert "周大福" in officer and "吴晓燕" in officer  # in full, on the audited page
    assert client_for("reviewer").get(url + "personal/").status_code == 403
    for name in ("reviewer", "supervisor"):
        page = client_for(name).get(url).content.decode()
        assert "周大福" not in page and "吴晓燕" not in page, name
        assert "周**" in page and "吴**" in page, name
        assert "锦绣小区" not in page and "纱厂南路" not in page, name


def test_a_consulted_persons_name_is_for_the_handlers(world, register, client_for, today):
    """The same class as security audit item 8: a third party consulted (第三十二条) may be
    a person; reviewers and supervisors see the name masked, in the table and the clock."""
    today(date(2026, 3, 10))
    application = register(date(2026, 3, 2))
    actions.start_consultation(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 3),
        party_kind="third_party",
        party_name="钟南方",
    )
    actions.end_consultation(
        application,
        acting_user=world.officer,
        consultation=application.consultations.get(),
        on=date(2026, 3, 5),
        result="agreed",
    )
    url = f"/staff/applications/{application.code}/"
    assert "钟南方" in client_for("officer").get(url).content.decode()
    for name in ("reviewer", "supervisor"):
        page = client_for(name).get(url).content.decode()
        assert "钟南方" not in page and "钟**" in page, name
