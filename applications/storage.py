"""Private storage for applications' files: never under MEDIA_ROOT or MEDIA_URL.

Configured as STORAGES["services_private"] (settings: SERVICES_PRIVATE_ROOT, or any Django
storage backend, e.g. a private S3 bucket); files are served only by permission-checked views.
"""

from django.core.files.storage import FileSystemStorage, storages


def private_storage():
    return storages["services_private"]


class PrivateFileSystemStorage(FileSystemStorage):
    """The filesystem, with no public address: a file is read only by the views that check
    who asks."""

    def url(self, name):
        raise ValueError("private files are served by permission-checked views only")
