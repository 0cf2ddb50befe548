"""Staff access helpers (portal/access.py)."""


def test_concrete_user_unwraps_lazy_objects_inside_lazy_objects(django_user_model):
    from django.utils.functional import SimpleLazyObject
    from wagtail.log_actions import log
    from wagtail.models import ModelLogEntry

    from portal.access import concrete_user

    user = django_user_model.objects.create_user("nested", password="x")
    # What Django's and django-otp's middlewares leave on request.user.
    wrapped = SimpleLazyObject(lambda: SimpleLazyObject(lambda: user))
    assert log(instance=wrapped, action="wagtail.edit", user=user) is None  # Wagtail bails
    assert concrete_user(wrapped) is user
    assert log(instance=concrete_user(wrapped), action="wagtail.edit", user=user) is not None
    assert ModelLogEntry.objects.filter(action="wagtail.edit").count() == 1
