# Laurel — English

app-name = Volunteer Recognition Registry
app-short = Laurel
skip-to-content = Skip to content
nav-home = Home
nav-dashboard = Workspace
nav-campaigns = Campaigns
nav-nominations = Nominations
nav-units = Units
nav-users = Users
nav-login = Sign in
nav-logout = Sign out
nav-language = Language
lang-zh = 中文
lang-en = English
footer-text = Run by the civilization office. Public pages show name, unit and title only, never private data.

role-admin = Office admin
role-recommender = Unit recommender
role-reviewer = Expert reviewer

unit-kind-city = City
unit-kind-province = Province
unit-kind-district = District
unit-kind-street = Street
unit-kind-community = Community
unit-kind-department = Department

kind-person = Person
kind-organization = Organization
kind-project = Project
kind-community = Community


nomination-status-draft = Draft

category-volunteer = Most beautiful volunteer
category-organization = Best volunteer service organization
category-project = Best volunteer service project
category-community = Most beautiful volunteer service community

gender-male = Male
gender-female = Female

action-save = Save
action-edit = Edit
action-cancel = Cancel
action-delete = Delete
action-view = View
action-save-draft = Save draft
action-submit = Submit nomination
action-upload = Upload
action-filter = Filter
action-reset = Reset
action-switch-language = Switch
confirm-delete = Delete this? The deletion is recorded in the audit log.
confirm-submit = After submitting, your unit can no longer change it. Submit?

error-title = Something went wrong
error-back-home = Back to the home page
error-unauthorized = Please sign in first.
error-forbidden = Your role may not do this.
error-not-found = This page does not exist, or you may not see it.
error-csrf = The form has expired or came from elsewhere. Go back, reload the page and try again.
error-invalid = Some of what you entered needs correcting; see the marked fields.
error-stale = Someone else changed this record. Reload to see the current version before acting.
error-too-many-requests = Too many attempts. Please try again later.
error-too-large = What was sent is larger than allowed: please shorten the text or make the attachment smaller and send it again.
error-bad-next = The return address is not valid: only pages of this site can be returned to.
error-bad-request = The request is malformed and cannot be processed.
error-json-syntax = The request body is not valid JSON.
error-json-type = This value has the wrong type: numbers as JSON numbers, dates as YYYY-MM-DD text, yes or no as true or false.
error-internal = Something went wrong on our side. It has been logged; please try again later.
error-demo-loaded = The demo data set is already loaded.
error-demo-province-fresh = The provincial demo loads only into a new database (one without any user yet).
error-demo-city-on-province = This is a provincial deployment: the city demo cannot be loaded here; load the provincial demo with laurel demo --province into a new database.
error-window-closed = Nominations are not being taken now (nomination period: { $opens } to { $closes }).
error-category-in-use = Category "{ $name }" has nominations; it cannot be removed or change its nominee kind.
error-unit-in-use = Unit "{ $name }" still has sub-units, users or nominations; it cannot be deleted.
error-nomination-not-draft = This nomination has been submitted and can no longer be changed.
error-file-empty = Please choose a file to upload.
error-file-too-large = The file is larger than allowed.
error-file-type = Only JPEG or PNG images and PDF files are accepted.
error-file-too-many = This nomination has the most attachments allowed.
error-username-format = Usernames are 3 to 64 letters, digits, or . _ -.
error-username-taken = This username is taken.
error-password-short = Passwords have at least 10 characters.
error-login-failed = Wrong username or password.
error-cannot-demote-self = You cannot deactivate yourself or remove your own admin role.
error-unit-name-taken = A unit with this name already exists under the same parent.
error-unit-kind-placement = A unit of this kind cannot sit under the chosen parent.
error-campaign-city-level = Cities recommend only in a provincial deployment (whose root unit is a province).
error-unit-move-root = The top unit cannot be moved.
error-unit-move-inside = A unit cannot be moved under itself or one of its own units.
error-unit-move-campaign = “{ $name }” and its units have nominations in the campaign “{ $campaign }”, which is not archived; they cannot be moved until it is.
units-move-help = Choosing another parent moves the unit with all its units and users; the honors it has received move with it.
error-timeline-order = This date cannot be before the previous stage.
error-unit-quota-above-total = The per-unit quota cannot exceed the total quota.
error-category-duplicate = This category appears twice.
error-category-needed = At least one category is needed.
error-date-future = This date cannot be after today.
error-id-number-birth-mismatch = The birth date in the ID number does not match the birth date entered.
error-id-number-format = An ID number has 18 characters: 17 digits, then a digit or X.
error-id-number-checksum = The ID number's check digit is wrong; please check it.
error-id-number-birth-date = The birth date inside the ID number is not a real date.
error-phone-format = Enter an 11-digit mobile number or a landline with its area code.
error-required = This field is required.
error-too-long = This is too long.
error-date-format = Enter the date as year-month-day.
error-number-format = Enter a whole number.
error-number-range = This number is out of the allowed range.

flash-setup-done = The admin account was created. Please sign in.
flash-setup-needed = Laurel is not set up yet: create the admin account first.
flash-signed-in = Signed in.
flash-signed-out = Signed out.
flash-saved = Saved.
flash-deleted = Deleted.
flash-draft-saved = Draft saved.
flash-submitted = Submitted.
flash-attachment-added = Attachment uploaded.

home-title = Campaigns
home-intro = Volunteer recognition campaigns run by the civilization office: nominations, review, public notice and results, in the open.
home-empty = There are no public campaigns yet.
campaign-rules = Eligibility
campaign-no-rules = No further conditions
campaign-timeline = Timeline
campaign-categories = Categories and quotas
col-category = Category
col-kind = Nominee kind
col-quota = Total quota
col-unit-quota = Quota per unit
col-name = Name
col-unit = Unit
col-status = Status
col-updated = Updated
col-campaign = Campaign
col-year = Year
col-username = Username
col-role = Role
col-active = Active
col-actions = Actions
yes = Yes
no = No

setup-title = Set up Laurel
setup-intro = There are no users yet. Create the civilization office's admin account, and name your city as the root of the unit tree.
setup-submit = Create admin

login-title = Sign in
login-submit = Sign in

field-username = Username
field-password = Password
field-password-keep = Leave empty to keep the current password
field-display-name = Name
field-city-name = City name
field-setup-province = Provincial deployment: the root unit is a province, whose cities recommend to its office
field-role = Role
field-unit = Unit
field-active = May sign in
field-name = Name
field-kind = Kind
field-parent = Parent unit

dashboard-title = Workspace
dashboard-admin-intro = Create and run campaigns, manage units and users, and see every nomination.
dashboard-recommender-intro = Write your unit's nominations, and follow those of your unit and the units below it.
dashboard-reviewer-intro = Scoring assignments reach you in the expert evaluation stage.
dashboard-open-campaigns = Campaigns in progress
dashboard-no-campaigns = No campaign is taking nominations now.
dashboard-new-nomination = Nominate
dashboard-recent = Recent nominations
dashboard-all-nominations = All nominations ({ $count })

units-title = Units
units-add = Add a unit
units-rename = Edit unit

users-title = Users
users-new = New user
users-edit = Edit user

campaigns-title = Campaigns
campaigns-new = New campaign
campaigns-edit = Edit campaign
campaigns-empty = There are no campaigns yet.
campaigns-public-page = Public page
campaigns-categories-help = The four standard categories are pre-filled; rows left without a name are not saved.
field-title = Title
field-year = Year
field-organizer = Organizer
field-description = Description (public)
field-nomination-opens-on = Nominations open
field-nomination-closes-on = Nominations close
field-review-closes-on = Review closes
field-notice-starts-on = Public notice starts
field-announced-on = Results announced
field-category-name = Category name
field-nominee-kind = Nominee kind
field-quota = Total quota
field-unit-quota = Quota per unit
field-min-hours = Minimum service hours

nominations-title = Nominations
nominations-new = Nominate
nominations-edit = Edit nomination
nominations-empty = No nominations match.
nominations-count = { $count } in all
nominations-count-more = More than { $count }
filter-all = All
filter-search = Search by name
field-nominee-name = Name
field-affiliation = Affiliation and role
help-affiliation = The line after the name on a public list, e.g. "Team leader, Licang district volunteer post".
field-gender = Gender
field-birth-date = Birth date
field-phone = Phone
field-id-number = ID number
help-id-number = Stored encrypted; only the office and the nominating units see it, never the public.
field-volunteer-hours = Volunteer service hours this year
field-founded-on = Founded / started on
field-member-count = Registered volunteers
field-contact-name = Contact person
field-deeds-summary = Summary of deeds (public, at most 300 characters)
field-deeds-full = Full account of deeds
help-private = The following is for review only and never appears on a public page.
section-public = Public information
section-private = For review only (not public)
attachments-title = Attachments
attachments-none = No attachments yet.
field-file = Choose a file
help-file = JPEG, PNG or PDF, at most { $size } each.
nominations-submitted-at = Submitted
pagination-next = Next
pagination-first = First page

nav-account = API tokens
flash-token-revoked = The token was revoked.
tokens-title = API tokens
tokens-intro = Let another system act for you through the JSON API. A token has your permissions: keep it safe, and revoke it when it is no longer needed.
tokens-created = Your new token, shown only this once; copy it now:
tokens-none = You have no tokens yet.
tokens-created-at = Created
tokens-last-used = Last used
tokens-revoked = Revoked
tokens-active = Active
tokens-revoke = Revoke
tokens-new = New token
tokens-create = Create token
tokens-docs = API description (OpenAPI):
field-token-name = What it is for
tokens-expires = Expires
tokens-expired = Expired
tokens-days = { $days } days
field-token-days = Valid for
error-token-days = Choose how long the token is valid from the list.
tokens-all = Every user's working tokens
tokens-all-help = The office can revoke anyone's token; when a user's password is changed or reset, their tokens stop working too.
tokens-all-none = No token is working now.
field-token-scope = Scope
tokens-scope-full = Full (everything the user may do)
tokens-scope-read = Read only
field-token-user = Issue to
field-token-user-help = The office may issue a token to another user or a service account; it appears in that user's token list, and they may revoke it.
tokens-for-myself = Myself
tokens-issued = issued by the office
tokens-issued-to = Token issued to { $user }.
error-token-read-only = This token can only read; it cannot change anything.
error-token-user-inactive = This user is deactivated; no token can be issued to them.
error-service-password = A service account has no password: it works only with tokens the office issues.
field-service = Service account
field-service-help = For connecting other systems: no password, no sign-in to the pages, only API tokens the office issues.
users-service = Service account
users-service-help = This is a service account: it has no password and works only with tokens the office issues on the API tokens page.

# Recommendation and review
nav-inbox = Inbox
nav-review = Review
nomination-status-pending = Awaiting recommendation
nomination-status-declined = Declined, back with the unit
nomination-status-at_office = Awaiting the office's review
nomination-status-eligible = Eligible
nomination-status-returned = Returned for revision
nomination-status-rejected = Rejected
decision-submit = Submit
decision-resubmit = Resubmit after revision
decision-recommend = Recommend upward
decision-decline = Decline (back to the level below)
decision-mark_eligible = Mark eligible
decision-return_for_revision = Return for revision
decision-reject = Reject
decisions-title = Decide
field-reason = Reason
field-recommend-street = Streets recommend upward
field-recommend-district = Districts recommend upward
field-recommend-city = Cities recommend upward (to the provincial office)
campaigns-levels = Recommendation chain
campaigns-levels-help = Choose which levels recommend upward in turn; a department ranks with the districts and sends to the recommending level above it (or, without one, straight to the office).
nominations-held-by = Now with: { $unit }
history-title = History
history-office = The office
checklist-title = Review checklist
check-complete = Required information complete
check-attachments = Supporting documents attached
check-id-number = ID number checksum valid
check-no-duplicates = No duplicate nomination
check-duplicate-found = Possible duplicate
check-dup-id-number = same ID number
check-dup-name-birth = same name and birth date
check-dup-name = same name
changes-title = Changes since the previous version
changes-field = Field
changes-before = Before
changes-after = After
inbox-title = Inbox
inbox-intro = Nominations sent up by the units below, awaiting your unit's decision to recommend them upward or decline them.
inbox-quotas = Your unit's quota use
inbox-used = Used / quota
office-title = Office review
office-select = Select
office-bulk-eligible = Mark the selected eligible
progress-title = Progress
progress-total = Total
error-transition-state = This nomination's current status ({ $status ->
    [draft] { nomination-status-draft }
    [pending] { nomination-status-pending }
    [declined] { nomination-status-declined }
    [at_office] { nomination-status-at_office }
    [eligible] { nomination-status-eligible }
    [returned] { nomination-status-returned }
    [rejected] { nomination-status-rejected }
    [assessed] { nomination-status-assessed }
    [shortlisted] { nomination-status-shortlisted }
    [on_notice] { nomination-status-on_notice }
    [honoree] { nomination-status-honoree }
    [withdrawn] { nomination-status-withdrawn }
   *[other] { $status }
}) does not allow that; see its current state.
error-quota-full = Your unit has used its quota ({ $quota }) for "{ $category }".
error-reason-required = Please give a reason.
flash-bulk-done = The selected nominations are marked eligible.
flash-bulk-partial = Some nominations could not be marked (perhaps someone else acted first); see the list.
decisions-your-reason = The reason you wrote (not saved):
changes-private-data = Private data (phone, birth date, ID number)
nav-audit = Audit log
audit-title = Audit log
audit-intro = Every change of data is recorded here: who made it, when, from where, and the record before and after. The records are linked by a hash chain, so any record changed, removed or inserted afterwards shows when the chain is verified.
audit-verify = Verify the chain
audit-export = Export CSV
audit-empty = No events match.
audit-intact = The audit log is intact: { $count } events checked.
audit-last = Hash of the latest event, #{ $id }:
audit-last-help = Keep this number and hash somewhere else (on paper, say). Comparing them at a later verification shows whether the last events were cut off or a forged event was appended.
audit-broken = The audit log has been tampered with: the chain breaks at event #{ $id } ({ $checked } events checked).
audit-break-changed = The content of event #{ $id } no longer matches its hash: it was changed.
audit-break-removed = An event before #{ $id } was removed.
audit-break-inserted = Event #{ $id } does not belong to the chain: it was inserted afterwards.
audit-break-previous = The event before it that remains is #{ $previous }.
audit-filter-actor-hint = Username
audit-filter-action-hint = e.g. nomination.submit or nomination
audit-filter-entity-hint = e.g. a nomination's id
audit-pages = Pages
audit-newer = Newer events
audit-newest = Newest
audit-older = Older events
audit-col-id = No.
audit-col-time = Time
audit-col-occurred-at = Time (UTC, as hashed)
audit-col-actor = Actor
audit-col-actor-id = Actor id
audit-col-ip = Address
audit-col-action = Action
audit-col-entity = Record
audit-col-entity-type = Record type
audit-col-entity-id = Record id
audit-col-campaign-id = Campaign id
audit-col-before = Before
audit-col-after = After
audit-col-prev-hash = Previous hash
audit-col-hash = Hash
dashboard-waiting-unit = Awaiting your unit: { $count }
dashboard-waiting-office = Awaiting the office: { $count }
field-aggregation = Score aggregation
aggregation-trimmed_mean = Mean without the highest and the lowest score
aggregation-mean = Plain mean
aggregation-z_score = Per-reviewer normalisation (z-score)
field-reviewers-per-nomination = Reviewers per nomination
field-require-majority = A shortlist place needs a majority of approvals

# Evaluation
nav-evaluation = Evaluation
nav-evaluation-mine = My reviews
evaluation-title = Expert evaluation
panels-title = Panels
panels-none = There are no panels yet.
panels-new = Form a panel
panels-members = Reviewers
field-panel-name = Panel name
assign-help = Assign the eligible nominations to this panel's reviewers automatically: as many per nomination as its category sets, never a reviewer with a conflict of interest (own unit, a unit above or below, or a declared one), keeping the reviewers' loads even.
assign-auto = Assign automatically
assign-report = { $count } new assignments.
assign-short = These nominations lack eligible reviewers (number missing):
assignments-none = No assignments yet.
assignments-reviewer = Reviewer
assignments-manual = by hand
rubric-title = Rubrics
rubric-deeds = Deeds
rubric-duration = Service duration
rubric-impact = Social impact
rubric-innovation = Innovation
field-criterion-name = Criterion
field-max-points = Maximum
field-weight = Weight
mine-title = My reviews
mine-intro = The nominations assigned to you: read each one's material, then score it. If you have an interest in one, recuse yourself on its page: it is reassigned to another reviewer.
mine-progress = { $submitted } of { $count } submitted
steps-label = Your assignments
steps-previous = Previous
steps-next = Next
steps-position = { $position } of { $count }
steps-next-to-score = Next one to score
workspace-reading = The material
score-total = Weighted total
score-locked-help = Your scores are submitted and locked; ask the office to reopen the sheet to change them.
recuse-help = If you are related to, work with or otherwise have an interest in this nominee, give the reason and recuse yourself. The assignment goes to another reviewer and you no longer see this material.
band-excellent = Excellent
band-good = Good
band-fair = Fair
band-poor = Poor
mine-recuse = Recuse
flash-recused = You recused; the nomination was reassigned.
error-assignment-conflict = This reviewer has a conflict of interest with "{ $name }" and cannot be assigned.
error-assignment-duplicate = This reviewer is already assigned to "{ $name }".
error-panel-members = Panel members must be active expert reviewers.
error-category-has-panel = A chosen category is already judged by another panel.
error-criterion-needed = At least one criterion is needed.
score-title = Scores
score-locked = Submitted and locked
score-verdict = Verdict
score-approve = Approve for the shortlist
score-not-approve = Do not approve
score-comment = Comment (required when not approving)
score-submit = Submit scores
score-submit-help = Once submitted your scores are locked; only the office can reopen them. You do not see other reviewers' scores.
sheet-status-draft = Draft
sheet-status-submitted = Submitted
sheet-status-none = Not started
sheet-reopen = Reopen
ranking-title = Ranking
ranking-rank = Rank
ranking-score = Score
ranking-sheets = Scored / assigned
ranking-approvals = Approvals
ranking-reviews = Each reviewer
ranking-incomplete = Scoring incomplete
flash-score-submitted = Scores submitted.
flash-sheet-reopened = The score sheet is open again.
error-score-range = This score is outside the criterion's range.
error-comment-when-not-approving = Please explain why you do not approve.
error-sheet-locked = These scores are submitted and locked; ask the office to reopen them.
error-sheet-not-submitted = This score sheet is not submitted.
error-rubric-in-use = Reviewers have scored already; the rubric can no longer change.
shortlist-column = Shortlist (quota { $quota })
shortlist-rationale = Rationale (required when not following the ranking; kept in the audit log)
shortlist-fix = Fix the shortlist
shortlist-fixed = The shortlist is fixed; you may change it and fix it again.
flash-shortlist-fixed = The shortlist is fixed.
error-shortlist-incomplete = Only fully scored nominations can be chosen.
error-shortlist-quota = More nominations than the category's quota.
error-shortlist-majority = This category needs a majority of approvals, and a chosen nomination lacks one.
error-shortlist-rationale = The choice does not follow the ranking: please give a rationale.
export-ranking-csv = Export the ranking (CSV)
export-scoresheet-csv = Export the scoresheet (CSV)
dashboard-progress = Scoring progress
dashboard-distribution = Score distribution (fully scored nominations)
dashboard-spread = Each reviewer's totals (red line: mean)
dashboard-table = Show the numbers as a table
dashboard-bin = Score range
dashboard-count = Nominations
dashboard-low = Lowest
dashboard-mean = Mean
dashboard-high = Highest
dashboard-sheets = Sheets
dashboard-no-scores = No sheet has been submitted yet.
dashboard-none-complete = no nomination has all its sheets in yet.
matrix-title = Who reviews whom
matrix-help = One row per nomination, one column per reviewer. "Assign" gives the nomination to that reviewer by hand; "Conflict" marks a reviewer who must not review it (own unit, a unit above or below, or a declared conflict).
matrix-no-nominations = No nomination of this category is in evaluation.
matrix-scored = Scored / assigned
matrix-assign = Assign
matrix-assign-label = Assign { $reviewer } to review { $name }
matrix-unassign = Unassign
matrix-unassign-label = Take { $name } away from { $reviewer }
matrix-conflict = Conflict
matrix-absent = No longer on this panel
ranking-cutoff = Quota line: the { $quota } above are within the quota
ranking-cutoff-tie = A tie straddles the quota line: decide which to take.
list-separator = {", "}
export-ranking-xlsx = Export the ranking (Excel)
export-scoresheet-xlsx = Export the scoresheet (Excel)

# Public notice, objections, final list and honor roll
nav-honors = Honor roll
action-back = Back
action-search = Search
action-next-page = Next page
action-publish-notice = Publish the notice
action-confirm-final = Confirm and publish the final list
action-decide = Record the decision
notices-title = Notice and final list
notices-open = Notice and final list
notices-shortlist = Proposed honorees (the shortlist)
notices-shortlist-empty = No shortlist yet. Fix each category's shortlist in the evaluation first.
notices-published = Published notices
notices-compose = Compose the notice
notices-correct = Correct the notice (publish a new version)
notices-window-end = On the working-day calendar, the notice ends on
notices-publish-help = Once published, a notice cannot be changed, only corrected by a new version; the old version stays readable.
doc-title = Title
doc-version = Version
doc-replaces = see the version it corrects
doc-change-note = What changed:
doc-superseded = This notice has been corrected; the new version is the one in force.
doc-superseded-short = corrected
doc-see-current = See the version in force
doc-window = Notice period:
doc-working-days = working days
doc-verify = Verify this document
doc-verify-help = Download the JSON original and compute its SHA-256 digest: if it equals the digest above, the content is unchanged.
doc-json = JSON original
doc-xlsx = Download Excel
doc-csv = Download CSV
doc-published-at = Published:
field-issuing-organ = Issuing organ
field-doc-number = Document number
field-doc-number-help = E.g. 李沧文明办〔2022〕12号 (optional)
field-issued-on = Date of issue
field-body = Body
field-body-help = [start], [end] and [days] are filled in with the notice period's dates and working days on publication.
field-window-starts-on = Notice starts on
field-working-days = Working days of notice
field-change-note = What the correction changes
notice-default-title = Public notice of the proposed honorees of { $campaign }
notice-default-body =
    Following the arrangements of { $campaign }, and after recommendation by the units, review level by level and evaluation by the expert panel, the proposed honorees are hereby put on public notice for public scrutiny.
    Notice period: [start] to [end] ([days] working days).
    Any unit or person with an objection may file it on this page during the notice period, in their real name, with their unit and phone number and any supporting evidence. Anonymous, impersonated or late objections are not accepted.
    Contact: { $organizer }
notice-withdrawn-note = After verification, "{ $name }" is withdrawn from the proposed honorees. Reason: { $reason }
final-title = Final list
final-default-title = Announcement of the honorees: { $campaign }
final-default-body = After recommendation by the units, review, expert evaluation and public notice, the honorees of { $campaign } are hereby announced. We hope they cherish the honor and continue to lead by example.
final-confirm-help = On confirmation the shortlisted nominees become honorees; the list is published at once, cannot be changed, and enters the honor roll.
final-private-export = Internal export with personal data (office only; recorded in the audit log)
final-private-help = The internal export holds phone numbers, ID numbers and birth dates for official filing. Keep it safe and never publish it.
error-calendar-line = Each line must start with a date (2024-10-01), optionally followed by a note.
error-calendar-both = A day cannot be both a holiday and a make-up working day.
error-window-end = The end of the notice period cannot be computed on the current calendar; check the number of days or the calendar.
error-shortlist-empty = The shortlist is empty; there is nothing to publish.
error-final-exists = The final list has been confirmed and published; it can no longer change.
error-final-no-notice = No notice has been published; the final list cannot be confirmed yet.
error-final-window-open = The notice period ({ $start } to { $end }) has not ended; the final list cannot be confirmed yet.
error-final-open-objections = { $count } objection(s) still await a decision; the final list cannot be confirmed yet.
error-objection-window = Objections can only be filed during the notice period ({ $start } to { $end }).
error-objection-nominee = Choose a nominee listed on the notice.
error-objection-decided = This objection has been decided and can no longer change.
flash-notice-published = The notice has been published.
flash-final-list-confirmed = The final list has been confirmed and published.
flash-objection-decided = The decision has been recorded.
objection-heading = File an objection
objection-how = If you object to a nominee on notice, file it during the notice period in your real name: say whom it concerns and the facts, give your name, unit and phone number, and attach evidence if you have it. You will get a receipt code to follow it up with.
objection-file-link = Object to this nominee
objection-status-link = Check an objection's outcome
objection-closed = The notice period is not open; objections cannot be filed now.
objection-nominee = Nominee concerned
objection-choose = Choose
objection-text = The objection
objection-text-help = The facts and what supports them (at most 2000 characters).
objection-filer-name = Your name
objection-filer-unit = Your unit
objection-filer-contact = Your phone number
objection-contact-help = Only for the office to contact you; never published.
objection-file = Evidence (optional)
objection-file-help = A JPG, PNG or PDF file.
objection-submit = File the objection
objection-received = Objection received
objection-answer-by = The office answers by { $date }; check the outcome with your receipt code then.
action-copy = Copy
copied = Copied
error-objection-too-short = Say what is wrong and why: at least 10 characters.
objection-receipt-help = Keep this receipt code; with it you can check the progress and outcome:
objection-receipt-code = Receipt code
objection-filed-at = Filed
objection-decided-at = Decided
objection-reason = The office's answer
objection-reason-help = The answer is told to the filer (by receipt code).
objection-not-found = No objection has this receipt code; check it and try again.
objection-notes = Investigation notes
objection-add-note = Add an investigation note
objection-outcome = Decision
objection-correct = If upheld, publish a corrected notice without the nominee at once
objection-status-received = Received
objection-status-investigating = Under investigation
objection-status-refused = Not accepted
objection-status-dismissed = Dismissed
objection-status-upheld = Upheld
objections-queue = Objections
objections-none = No objections.
calendar-title = Working-day calendar
calendar-help = The notice period counts working days: Saturdays and Sundays are off, the holidays below are off, and the make-up working days below count. One date per line (2024-10-01), optionally followed by a note.
calendar-holidays = Public holidays (not working days)
calendar-workdays = Make-up working days (weekend days that count)
honors-intro = Volunteer honorees of every year, as their final lists published them.
honors-name = Name
honors-unit = Recommending unit
honors-none = Nothing matches.
honoree-deeds = What they did
honors-received = Honors received
honors-final-list = the final list
honor-page-link = Honor record
certificate-link = Certificate
certificate-title = Certificate of Honor
certificate-text = For outstanding volunteer service, this certificate is awarded in recognition.
certificate-print-hint = Print on A4 landscape.
export-no = No.
export-category = Category
export-name = Name
export-affiliation = Affiliation or role
export-unit = Recommending unit
roster-title = roster
roster-download = Download the roster
roster-help = Exports this campaign's nominations under the current filters: a sheet per category (one table in CSV).
feed-title = Volunteer honors: notices and final lists
feed-kind-notice = Notice
feed-kind-final-list = Final list
export-campaign = Campaign
export-confirmed-on = Confirmed on
honors-export = Export these results
error-invalid-characters = The input holds characters that cannot be stored (such as invisible control characters); remove them and try again.

## The campaign's stages (one lifecycle)
colon = {": "}
stage-draft = Draft (not published)
stage-call = Call for nominations
stage-recommendation = Layer-by-layer recommendation
stage-review = Strict review
stage-evaluation = Expert evaluation
stage-shortlist = Shortlist
stage-notice = Public notice
stage-final_list = Final list
stage-archived = Archived
stage-short-call = Call
stage-short-recommendation = Recommend
stage-short-review = Review
stage-short-evaluation = Evaluate
stage-short-shortlist = Shortlist
stage-short-notice = Notice
stage-short-final_list = Final list
stage-short-archived = Archived
stage-help-draft = The campaign is not published yet; only the office sees it. Fill in its categories, quotas and stage dates, then use "Next step" to publish it.
stage-help-call = The campaign is public and being announced; units can write and submit nominations once it is in "Layer-by-layer recommendation".
stage-help-recommendation = Nominating units submit before the submission deadline; streets and districts recommend upward or decline before their own deadlines.
stage-help-review = The office reviews each nomination that reached it: eligible, returned for revision or rejected; returned ones are revised and resubmitted before the review deadline.
stage-help-evaluation = Form panels, set the rubrics and assign reviewers; experts score blind.
stage-help-shortlist = Fix each category's shortlist from the ranking, within its quota, and set its order.
stage-help-notice = Write and publish the public notice; take real-name objections within its window and decide them.
stage-help-final_list = Once the window has closed and every objection is decided, confirm and publish the final list.
stage-help-archived = The campaign is finished and read-only; a correction of the final list is published as a new version.
stage-bar-label = Campaign stages
stage-now = Current stage:{" "}
stage-current = (now)
stage-deadlines = Deadlines by level
stage-days-left = { $count ->
    [0] closes today
    [one] 1 day left
   *[other] { $count } days left
}
stage-state-closed = Deadline passed
stage-state-done = Done
stage-next-button = Next step: "{ $stage }"
stage-advance-title = Move to the next stage
stage-advance-from-to = The campaign moves from "{ $from }" to "{ $to }". The move is recorded in the audit log; dates never move a campaign on by themselves.
stage-advance-confirm = Move to "{ $stage }"
stage-open-title = Still open in this stage
stage-open-help = After the move these stay as they are and can no longer be handled in this stage.
stage-open-none = Nothing is left open in this stage.
stage-open-drafts = { $count } nominations are still drafts, not submitted
stage-open-pending = { $count } nominations are still waiting in a street's or district's inbox
stage-open-declined = { $count } declined nominations have not been resubmitted
stage-open-at-office = { $count } nominations have not been reviewed
stage-open-returned = { $count } nominations returned for revision have not been resubmitted
stage-open-unscored = { $count } nominations are not fully scored
stage-open-not-shortlisted = { $count } scored nominations are not on the shortlist
stage-open-objections = { $count } objections have not been decided
stage-open-window = The notice window has { $count } more days
stage-blocked-shortlist = Nothing is on the shortlist yet, so the campaign cannot go on public notice. Fix the shortlist on the ranking page first.
stage-blocked-notice = The notice has not been published, so the campaign cannot move to the final list.
stage-blocked-final-list = The final list has not been confirmed, so the campaign cannot be archived.
stage-blocked-archived = The campaign is archived; there is no next stage.
stage-back-summary = Go back to "{ $stage }"
stage-back-help = Only possible while nothing has been done in this stage yet. Say why; the reason is kept in the audit log.
stage-back-button = Go back one stage
stage-back-none = The campaign has not been published; there is no stage to go back to.
stage-back-started = Work has been done in the "{ $stage ->
    [recommendation] recommendation
    [review] review
    [clearance] clearance
    [evaluation] evaluation
    [voting] public voting
    [shortlist] shortlist
    [notice] public notice
    [final_list] final list
   *[other] { $stage }
}" stage; going back would leave it behind, so the campaign cannot go back.
error-stage = This belongs to the "{ $allowed ->
    [draft] draft
    [call] call for nominations
    [recommendation] recommendation
    [review] review
    [clearance] clearance
    [evaluation] evaluation
    [voting] public voting
    [shortlist] shortlist
    [notice] public notice
    [final_list] final list
    [archived] archived
   *[other] { $allowed }
}" stage; the campaign is in the "{ $current ->
    [draft] draft
    [call] call for nominations
    [recommendation] recommendation
    [review] review
    [clearance] clearance
    [evaluation] evaluation
    [voting] public voting
    [shortlist] shortlist
    [notice] public notice
    [final_list] final list
    [archived] archived
   *[other] { $current }
}" stage{ $dates ->
    [none] {""}
   *[other] {" "}({ $dates })
}.
error-stage-deadline = This part of the "{ $stage ->
    [recommendation] recommendation
    [review] review
    [clearance] clearance
    [evaluation] evaluation
    [voting] public voting
   *[other] { $stage }
}" stage closed on { $closes }.
error-stage-window = The notice window is { $opens } to { $closes }; it is not open now.
flash-stage-advanced = The campaign has moved to its next stage.
flash-stage-back = The campaign has gone back one stage.
campaigns-group-in_progress = Campaigns in progress
campaigns-group-finished = Finished campaigns
col-stage = Stage
col-stage-dates = Stage dates
dashboard-no-campaigns-in_progress = No campaign is in progress.
dashboard-no-campaigns-finished = No campaign has finished yet.
field-street-closes-on = Street recommendation deadline
field-street-closes-on-help = Last day streets recommend upward or decline (when streets recommend).
field-district-closes-on = District recommendation deadline
field-district-closes-on-help = Last day districts recommend upward or decline (when districts recommend).
field-city-closes-on = City recommendation deadline
field-city-closes-on-help = Last day cities recommend upward to the provincial office or decline (when cities recommend).
field-evaluation-closes-on = Scoring deadline
field-evaluation-closes-on-help = Optional; the last day experts submit scores.
nomination-status-assessed = Scored
nomination-status-shortlisted = Shortlisted
nomination-status-on_notice = On public notice
nomination-status-honoree = Honoree
nomination-status-withdrawn = Withdrawn
decision-assess = Scoring complete
decision-unassess = Scoring reopened
decision-shortlist = Put on the shortlist
decision-unshortlist = Taken off the shortlist
decision-put_on_notice = Published on notice
decision-withdraw = Withdraw
decision-confirm = Confirmed as honoree
decision-revoke = Revoked by a correction of the list
evaluation-not-now = Panels are formed and changed only in the "Expert evaluation" stage; the campaign is in "{ $stage }".
evaluation-read-only = The campaign is not in its evaluation stage: panels, assignments and rubrics can be read, not changed.
score-closed = Scoring is not open now: the campaign is not in its evaluation stage, or scoring has closed. What follows is read-only.
shortlist-not-now = The shortlist is fixed only in the "Shortlist" stage; the table shows where each nomination stands.
notices-not-now = The notice is written and published in the "Public notice" stage; the campaign is in "{ $stage }".
objection-not-now = Objections are handled only in the public notice and final list stages, before the final list is confirmed.

## The final list's order and corrections
order-help = Give the order within each category (1 comes first); by default it is the ranking's. The notice, the final list, its exports and the certificates follow it.
order-place = Place
order-save = Save the order
flash-order-saved = The order has been saved.
error-order-number = Enter a whole number from 1.
correct-title = Correct the final list
correct-help = A published final list never changes: a correction is published as a new version linked to the one it corrects, which stays readable. Untick a line to take it off the list (its honor is revoked); names, lines and the order can be corrected too.
correct-lines = The list's lines
correct-keep = Keep
correct-document = The corrected version's document
correct-note-help = Required: what is corrected and why; shown on the new version and kept in the audit log.
correct-publish = Publish the corrected version
flash-final-list-corrected = The corrected version of the final list has been published.
error-correction-empty = A corrected list cannot be empty; to revoke every honor, issue a separate document.

## What a decision did
flash-decided-submit = Submitted: "{ $name }" is now with { $to ->
    [office] the office
   *[other] { $to }
}.
flash-decided-resubmit = Resubmitted: "{ $name }" is back with the office for review.
flash-decided-recommend = Recommended: "{ $name }" is now with { $to ->
    [office] the office
   *[other] { $to }
}. Your unit has { $left } places left in "{ $category }".
flash-decided-decline = Declined: "{ $name }" is back with { $to }.
flash-decided-mark_eligible = "{ $name }" is eligible.
flash-decided-return_for_revision = "{ $name }" has been returned to { $to } for revision.
flash-decided-reject = "{ $name }" has been rejected.
flash-decided-withdraw = "{ $name }" has been withdrawn.
reason-banner-returned = Returned by the office for revision:
reason-banner-declined = Declined by the level above:
reason-banner-withdrawn = Withdrawn:
reason-banner-rejected = Rejected:

## What needs a person now
todo-title = To do
todo-none = Nothing needs you right now.
todo-returned = "{ $name }" was returned for revision ({ $campaign })
todo-declined = "{ $name }" was declined by the level above ({ $campaign })
todo-drafts = { $count } draft nominations not yet submitted ({ $campaign })
todo-inbox = { $count } nominations wait for your unit to recommend or decline ({ $campaign })
todo-score = { $count } score sheets to complete ({ $campaign }): start the next
todo-review = { $count } nominations wait for review ({ $campaign })
todo-unscored = { $count } nominations are not fully scored ({ $campaign })
todo-objections = { $count } objections to decide ({ $campaign })
todo-next-step = "{ $campaign }" waits for its next step (now: { $name ->
    [draft] draft
    [call] call for nominations
    [recommendation] recommendation
    [review] review
    [clearance] clearance
    [evaluation] evaluation
    [voting] public voting
    [shortlist] shortlist
    [notice] public notice
    [final_list] final list
   *[other] { $name }
})
todo-days-left = { $count ->
    [0] closes today ({ $date })
    [one] 1 day left (closes { $date })
   *[other] { $count } days left (closes { $date })
}
todo-overdue = closed on { $date }
todo-quota-left = Places left
campaigns-copy = Start a new one from this
campaigns-copy-help = This is a copy of an earlier campaign: its categories, quotas, recommending levels, aggregation and rubrics are copied and every stage's dates moved on a year. Check them, then save.

## Eligibility rules
rules-title = Eligibility rules
rules-help = A nomination failing one of these is found eligible only if the office overrides it with a reason. Leave a field empty for no such rule.
rules-help-new = A new category's rules apply by its kind: hours and registration (persons), years (persons, organizations, projects), members (organizations). Leave a field empty for no such rule.
campaigns-category-new = A new category (optional; a row without a name is not saved)
field-min-years-person = Volunteering for at least (years)
field-min-years-organization = Founded at least (years ago)
field-min-years-project = Running for at least (years)
field-min-years-community = Years required
field-needs-registration = Must be registered on the national volunteer service information system
field-min-members = Volunteers at least
field-active-since = Volunteering since
field-registered = Registered on the national volunteer service information system
help-volunteer-hours = Service hours this year (the category asks for at least { $min }; 0 means no requirement).
help-active-since = Counts the years of service (the category asks for at least { $min }; 0 means no requirement).
answer-yes = Yes
answer-no = No
rule-years-person = Volunteering for { $min } years or more
rule-years-organization = Founded { $min } years ago or more
rule-years-project = Running for { $min } years or more
rule-registered = Registered on the national volunteer service information system
rule-hours = At least { $min } service hours this year
rule-members = At least { $min } volunteers
check-passed = Met:{" "}
check-failed = Not met:{" "}
check-hard = Required
changes-return-reason = This return's reason:
decisions-choose = Decision
decisions-reason-help = A reason is required to decline, return, reject, withdraw or override.
decisions-override = Override: find it eligible although it fails a required rule
decisions-override-help = Give the reason above; the override and the rules it concerns are kept in the audit log.
decisions-submit = Record the decision
error-rules-failed = This nomination fails { $count } required rules (see the checklist). To find it eligible anyway, tick "Override" and give the reason.
error-override-reason = An override needs a reason.
queue-all-passed = All checks passed
inbox-places = Your unit's places: { $used } of { $quota } used, { $left } left
inbox-full = No places left: to recommend this one, first decline one recommended before, or ask the level above to change the quota.
inbox-empty = Nothing waits for your unit's decision.
decision-places = Your unit's places in "{ $category }": { $used } of { $quota } used, { $left } left.
notice-phase-upcoming = The notice window opens on { $start }; objections can be filed from then.
notice-phase-closed = The notice window closed on { $end }; no more objections are taken. An objection filed can be followed with its receipt code.
notice-final-list-link = See the final list
home-bulletins = Notices and lists
home-notice-open = On public notice: { $count } working days left (until { $date })
home-notice-upcoming = Public notice from { $date }
home-notice-closed = Notice closed on { $date }; the list follows
home-notice-coming = Public notice coming
home-recommending = Taking nominations until { $date }
home-recommendation-closed = Nominations closed
home-list-published = Final list published
home-in-stage = Now: { $stage }
checkpoints-title = Audit record checkpoints
checkpoints-intro = Every action of the office is written to an audit record that cannot be rewritten unseen. At each publication of a notice or a list, and at least daily, the last event of the record and its hash are signed with the office's key. Anyone may keep these checkpoints: a record later rewritten, cut short or replaced shows against them.
checkpoints-download = Download the checkpoints (JSON)
checkpoints-none = No checkpoint yet.
checkpoint-event = Event
checkpoint-reason = Why
checkpoint-reason-publication = A publication
checkpoint-reason-daily = Daily
checkpoint-of-document = When this document was published the audit record reached event { $event }, signed by the office:
checkpoint-hash = Event hash
checkpoint-signed-at = Signed at
checkpoint-signature = Signature
checkpoint-public-key = The office's public key (Ed25519)
checkpoint-help = Keep this page: `laurel audit verify --against` checks the audit record against it later. All checkpoints:

## Clearance by other agencies (联审)
role-agency = Clearing agency
unit-kind-agency = Clearing agency
nav-clearance = Clearance
col-serial = No.
stage-clearance = Clearance by agencies
stage-short-clearance = Clearance
stage-help-clearance = Courts, procuratorate, public security, the credit office and others check each candidate against their records before the deadline and answer "no objection" or "objection" with a confidential reason; the office decides to withdraw or keep each candidate an agency objected to. Nothing of the clearance is public.
stage-blocked-clearance = Candidates an agency objected to still await the office's decision; the campaign cannot move on yet.
stage-blocked-clearance-agencies = No agency has been named for the clearance; the campaign cannot move on yet.
stage-open-unanswered = { $count } clearance answers not given
error-clearance-no-stage = This campaign has no clearance stage.
error-clearance-not-candidate = This nomination is not a candidate for clearance.
error-clearance-decided = The office has decided on this candidate; clearance answers can no longer change.
error-clearance-no-objection = No agency objected to this candidate; there is nothing to decide.
error-clearance-agency-answered = An agency that has answered cannot be removed.
error-clearance-agency-unknown = Choose units of the kind "clearing agency".
error-clearance-fixed = The campaign has reached the clearance stage or the stage it follows; it can no longer be added, moved or removed.
error-role-agency-unit = A clearing agency's users belong to a clearing agency, and a clearing agency's users hold the agency role.
todo-clearance = { $count } candidates await your agency's answer ({ $campaign })
todo-clearance-decide = { $count } candidates an agency objected to await your decision ({ $campaign })
field-clearance-after = Clearance by agencies
field-clearance-after-help = Larger campaigns add clearance by other agencies before the notice: choose the stage it follows.
clearance-after-none = No clearance
clearance-after = After "{ $stage }"
field-clearance-closes-on = Last day for the agencies' answers
clearance-title = Clearance by agencies
clearance-office-help = The clearance follows "{ $stage }"; agencies answer by { $closes }. The office decides to withdraw or keep each candidate an agency objected to; nothing of the clearance is public.
clearance-agencies = Agencies
clearance-agencies-pick = Agencies taking part in this clearance
clearance-no-agencies = There is no unit of the kind "clearing agency" yet; add them under units (court, procuratorate, public security, credit office, discipline inspection).
clearance-matrix = Clearance progress
clearance-progress = { $answered } of { $expected } answers given; { $undecided } candidates with an objection await a decision.
clearance-no-candidates = There are no candidates for clearance now.
clearance-opinion = Answer
clearance-opinion-no_objection = No objection
clearance-opinion-objection = Objection
clearance-opinion-none = Not answered
clearance-reason = Reason of the objection (confidential)
clearance-reason-help = Required with an objection; only the office reads it, it is never public.
clearance-objections = Objections
clearance-decision = Decision
clearance-decision-reason = Reason (for withdrawing) or justification (for keeping)
clearance-decision-keep = Keep
clearance-decision-withdraw = Withdraw
clearance-decide = Decide
clearance-undecided = Awaiting decision
clearance-sheet = Clearance sheet
clearance-sheet-short = Sheet
clearance-sheet-export = Download this agency's clearance sheet (XLSX)
clearance-summary = Clearance summary
clearance-summary-export = Download the clearance summary (XLSX)
clearance-mine = Clearance
clearance-agency-help = The campaigns that named your agency for clearance. Check each candidate and answer before the deadline.
clearance-mine-none = No campaign needs your agency's clearance now.
clearance-closes-on = Answers due
clearance-waiting = Waiting / candidates
clearance-queue = Candidates for clearance
clearance-queue-open = Answer by { $closes }; { $answered } of { $total } answered.
clearance-queue-closed = Answers closed on { $closes }.
clearance-confidential = Candidates' details are for checking records only; the ID number is on each candidate's page, and every view of it is recorded in the audit log.
clearance-id-audited = This page shows the full ID number; your view has been recorded in the audit log.
clearance-deadline = Answers are due by { $closes }; you may change yours until then.
clearance-answer = Send answer
clearance-answer-closed = Answers closed on { $closes }, or the office has decided on this candidate; the answer can no longer change.
flash-clearance-answered = Your answer has been recorded.
flash-clearance-decided = The decision has been recorded.

## Public online voting (网上投票)
stage-voting = Public voting
stage-short-voting = Voting
stage-help-voting = During the voting window the public votes for the candidates, each voter verified by a code sent to their phone; votes that look like a coordinated burst are held out of the totals until the office accepts or rejects them.
stage-blocked-votes-held = Votes held as a suspected burst still await the office's decision; the campaign cannot move on yet.
error-voting-fixed = The campaign has reached the voting or the stage it follows; voting can no longer be added or removed.
error-vote-window = Votes are taken from { $opens } to { $closes }; voting is not open now.
error-vote-phone = Enter an 11-digit mobile number.
error-vote-code-wrong = The code is not right.
error-vote-code-expired = The code has expired; ask for a new one.
error-vote-code-used = The code has been used already; ask for a new one.
error-vote-code-attempts = Too many wrong codes; ask for a new one.
error-vote-code-send = The code could not be sent; try again later.
error-vote-challenge = Answer the sum below, then ask for a code again.
error-vote-not-verified = Verify your phone with a code before voting.
error-vote-limit = You have used today's votes in this category.
error-vote-already = You have voted for this candidate today already.
error-vote-one-candidate = In this vote each person supports one candidate per category.
field-voting = Public voting
field-voting-on = Hold a public vote after evaluation (experts + public vote)
field-voting-opens-on = First day of voting
field-voting-closes-on = Last day of voting
field-votes-per-day = Votes per person per day per category
field-vote-several = Votes may go to different candidates (one per candidate a day)
field-vote-totals = Show the running totals to the public
field-vote-weight = Weight of the public vote (%)
field-vote-weight-help = With 30, the final score is 70% the experts' score and 30% the vote score; empty, the votes are shown for reference only.
vote-go = Vote online
vote-title = Public voting
vote-window = Voting:
vote-rules-several = Each person has { $count } votes a day in each category, for different candidates, one per candidate a day.
vote-rules-one = Each person has { $count } votes a day in each category, all for one candidate.
vote-closed = Voting is not open now.
vote-verify = Verify your phone
vote-verify-help = Before voting, verify yourself with a code sent to your phone. The number is kept only as a keyed hash and never shown.
vote-phone = Mobile number
vote-challenge = What is { $question }?
vote-send-code = Send a code
vote-code-sent = The code has been sent; enter it below.
vote-code = Code
vote-verify-button = Verify
vote-left-today = You have { $count } votes left today in this category
vote-count = { $count } votes
vote-for = Vote for { $name }
flash-vote-verified = Verified: you can vote now.
flash-vote-cast = Your vote has been recorded. Thank you!
votes-held-title = Held votes
votes-held-help = Votes from one network in a burst within a minute, or at the same second minute after minute, are held out of the totals; accept or reject each group.
votes-held-none = No vote is held.
votes-prefix = Network
votes-flag = Reason
votes-flag-burst_minute = A burst within one minute
votes-flag-burst_pattern = The same second, minute after minute
votes-count = Votes
votes-when = When
votes-accept = Accept
votes-reject = Reject
ranking-expert = Experts (as %)
ranking-votes = Votes (as %)
ranking-votes-reference = Public votes (reference)
ranking-blended = Final score
ranking-blend-help = Final score = the experts' score as a percentage × { $experts }% + the vote score × { $weight }% (vote score = votes ÷ the category's most × 100); the converted parts are in brackets.
ranking-votes-reference-help = Ranked by the experts' score; the public votes are for reference only.
vote-verify-to-vote = Verify your phone to vote
