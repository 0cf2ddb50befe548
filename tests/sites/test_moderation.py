"""Moderation of school sites: editors submit, the school's moderators approve and publish."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from portal import factories as portal_factories


def _people(school, suffix):
    editor = User.objects.create_user(f"gv-{suffix}", password="x")
    editor.groups.add(school.editors_group)
    moderator = User.objects.create_user(f"ht-{suffix}", password="x")
    moderator.groups.add(school.moderators_group)
    return editor, moderator


@pytest.fixture
def setup(two_schools):
    school_a, school_b = two_schools
    editor_a, moderator_a = _people(school_a, "a")
    _, moderator_b = _people(school_b, "b")
    news = school_a.home_page.get_children().get(slug="tin-tuc").specific
    article = portal_factories.NewsArticlePageFactory(
        parent=news, title="Lễ khai giảng năm học mới", live=False, owner=editor_a
    )
    article.save_revision(user=editor_a)
    return {
        "school": school_a,
        "editor": editor_a,
        "moderator": moderator_a,
        "moderator_b": moderator_b,
        "article": article,
    }


def _submit(article, editor):
    """What the editor's "Submit for moderation" button does."""
    return article.get_workflow().start(article, editor)


def _approve(client, article, task_state):
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[article.pk, "approve", task_state.pk],
        )
    )


def test_school_pages_use_the_schools_own_workflow(setup):
    school = setup["school"]
    workflow = setup["article"].get_workflow()
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [school.moderators_group]


def test_editor_cannot_publish_but_can_submit(setup):
    editor, article = setup["editor"], setup["article"]
    assert not article.permissions_for_user(editor).can_publish()
    assert article.permissions_for_user(editor).can_submit_for_moderation()
    with pytest.raises(PublishPermissionError):
        PublishPageRevisionAction(article.latest_revision, user=editor).execute()
    article.refresh_from_db()
    assert not article.live


def test_moderator_approves_and_publishes_with_audit_log(setup, client):
    editor, moderator, article = setup["editor"], setup["moderator"], setup["article"]
    workflow_state = _submit(article, editor)
    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(moderator)
    response = _approve(client, article, workflow_state.current_task_state)
    assert response.status_code in (200, 302)

    article.refresh_from_db()
    workflow_state.refresh_from_db()
    assert article.live
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    log = {
        (entry.action, entry.user_id)
        for entry in PageLogEntry.objects.filter(page=article).order_by("timestamp")
    }
    assert ("wagtail.workflow.start", editor.pk) in log
    assert ("wagtail.workflow.approve", moderator.pk) in log
    assert ("wagtail.publish", moderator.pk) in log


def test_moderator_of_another_school_cannot_approve(setup, client):
    article = setup["article"]
    workflow_state = _submit(article, setup["editor"])
    task_state = workflow_state.current_task_state
    other = setup["moderator_b"]
    assert not task_state.task.specific.get_actions(article, other)

    client.force_login(other)
    response = _approve(client, article, task_state)
    assert response.status_code in (302, 403)

    article.refresh_from_db()
    task_state.refresh_from_db()
    assert not article.live
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not PageLogEntry.objects.filter(page=article, user=other).exists()


def test_moderator_sees_the_pending_page_on_the_dashboard_and_b_does_not(setup, client):
    article = setup["article"]
    _submit(article, setup["editor"])
    client.force_login(setup["moderator"])
    assert article.title in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(setup["moderator_b"])
    assert article.title not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_scheduled_publishing(setup, client):
    moderator, article = setup["moderator"], setup["article"]
    go_live_at = timezone.now() + datetime.timedelta(days=1)
    article.go_live_at = go_live_at
    revision = article.save_revision(user=moderator)
    revision.publish(user=moderator)

    article.refresh_from_db()
    assert not article.live
    revision.refresh_from_db()
    assert revision.approved_go_live_at == go_live_at
    assert PageLogEntry.objects.filter(
        page=article, action="wagtail.publish.schedule", user=moderator
    ).exists()

    call_command("publish_scheduled")
    article.refresh_from_db()
    assert not article.live  # not yet time

    # The day comes (moved back rather than waiting: the revision and its content agree).
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert PageLogEntry.objects.filter(page=article, action="wagtail.publish.scheduled").exists()
    school = setup["school"]
    response = client.get(f"/truong-hoc/{school.slug}/tin-tuc/{article.slug}/")
    assert response.status_code == 200
    assert article.title in response.content.decode()
