"""Included by portal.urls at /giao-dien.css."""

from django.urls import path

from themes import views

urlpatterns = [path("", views.site_stylesheet, name="site_stylesheet")]
