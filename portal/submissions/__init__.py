"""What the public forms that staff moderate share (questions, consultation comments).

- `models.ModeratedSubmission`: the abstract record (contact fields, status, timestamps);
- `forms.PublicSubmissionForm`: contact fields, spam protection and the rate limit;
- `services`: the status machine (publish, reject) with its audit log;
- `admin.SubmissionViewSet`: the admin queue scoped to the pages a user may publish, with
  moderation and CSV export.
Concrete models live in their apps (`questions`, `consultations`), which do not depend on
each other.
"""
