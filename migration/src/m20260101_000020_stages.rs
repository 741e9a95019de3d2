//! One lifecycle: a campaign is an ordered list of stages (`campaign_stages`), each with its own
//! dates, and `campaigns.stage` says which one it is in. The campaign's six timeline dates and
//! its status move into the stages. A nomination's status now runs to the end (assessed,
//! shortlisted, on notice, honoree, withdrawn); an assignment ends when its nomination leaves
//! evaluation; every decision in the history records the stage it was made in.
//!
//! Existing campaigns are carried over: a draft stays a draft, an open campaign is in its
//! recommendation stage, a closed one in review, unless later work shows it further on
//! (panels: evaluation; a shortlist: shortlist; a published notice: notice; a published final
//! list: archived). Existing nominations found eligible take the state their rows show.
//!
//! The stage names below are this migration's frozen copy; the application's are
//! `entity::campaign_stage::StageKind`.

use sea_orm_migration::{
    prelude::*,
    schema::*,
    sea_orm::{ConnectionTrait, StatementBuilder, prelude::TimeDate},
};
use uuid::Uuid;

use crate::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The standard stages, in order.
const TEMPLATE: [&str; 8] = [
    "call",
    "recommendation",
    "review",
    "evaluation",
    "shortlist",
    "notice",
    "final_list",
    "archived",
];

/// The campaign columns the stages replace.
const OLD_COLUMNS: [&str; 7] = [
    "status",
    "nomination_opens_on",
    "nomination_closes_on",
    "recommend_closes_on",
    "review_closes_on",
    "notice_starts_on",
    "announced_on",
];

async fn run<S: StatementBuilder>(manager: &SchemaManager<'_>, stmt: S) -> Result<(), DbErr> {
    manager.get_connection().execute(&stmt).await?;
    Ok(())
}

async fn exists(manager: &SchemaManager<'_>, select: SelectStatement) -> Result<bool, DbErr> {
    Ok(manager.get_connection().query_one(&select).await?.is_some())
}

/// The stage an existing campaign is in, by its status and the work its rows show.
async fn stage_of(manager: &SchemaManager<'_>, id: Uuid, status: &str) -> Result<usize, DbErr> {
    let published = |kind: &'static str| {
        Query::select()
            .expr(Expr::val(1))
            .from("documents")
            .and_where(Expr::col("campaign_id").eq(id))
            .and_where(Expr::col("kind").eq(kind))
            .and_where(Expr::col("status").eq("published"))
            .limit(1)
            .to_owned()
    };
    let position = |name: &str| TEMPLATE.iter().position(|s| *s == name).unwrap_or(0);
    let by_work = if exists(manager, published("final_list")).await? {
        Some("archived")
    } else if exists(manager, published("notice")).await? {
        Some("notice")
    } else if exists(
        manager,
        Query::select()
            .expr(Expr::val(1))
            .from("shortlist_entries")
            .inner_join(
                "categories",
                Expr::col(("categories", "id")).equals(("shortlist_entries", "category_id")),
            )
            .and_where(Expr::col(("categories", "campaign_id")).eq(id))
            .limit(1)
            .to_owned(),
    )
    .await?
    {
        Some("shortlist")
    } else if exists(
        manager,
        Query::select()
            .expr(Expr::val(1))
            .from("panels")
            .and_where(Expr::col("campaign_id").eq(id))
            .limit(1)
            .to_owned(),
    )
    .await?
    {
        Some("evaluation")
    } else {
        None
    };
    // Positions count from the draft (0) to archived (8).
    let by_status = match status {
        "draft" => 0,
        "open" => 1 + position("recommendation"),
        _ => 1 + position("review"),
    };
    Ok(by_work.map_or(by_status, |name| by_status.max(1 + position(name))))
}

/// Creates the stage rows of every existing campaign from its dates and sets its stage.
async fn fill_stages(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let campaigns = db
        .query_all(
            &Query::select()
                .columns(["id", "status"])
                .columns(OLD_COLUMNS[1..].iter().copied())
                .column("recommend_levels")
                .from("campaigns")
                .to_owned(),
        )
        .await?;
    for row in campaigns {
        let id: Uuid = row.try_get_by_index(0)?;
        let status: String = row.try_get_by_index(1)?;
        let opens: TimeDate = row.try_get_by_index(2)?;
        let closes: TimeDate = row.try_get_by_index(3)?;
        let recommend: Option<TimeDate> = row.try_get_by_index(4)?;
        let review: TimeDate = row.try_get_by_index(5)?;
        let notice: TimeDate = row.try_get_by_index(6)?;
        let announced: TimeDate = row.try_get_by_index(7)?;
        let chain: Option<String> = row.try_get_by_index(8)?;
        let chain = chain.unwrap_or_else(|| "street,district".into());
        // One recommendation deadline was shared by every level; a level that does not
        // recommend has none.
        let levels = recommend.unwrap_or(review);
        let level = |name: &str| {
            if chain.split(',').any(|l| l.trim() == name) {
                format!(r#""{name}":"{levels}","#)
            } else {
                String::new()
            }
        };
        // The published notice's window, once there is one.
        let window = db
            .query_one(
                &Query::select()
                    .columns(["window_starts_on", "window_ends_on"])
                    .from("documents")
                    .and_where(Expr::col("campaign_id").eq(id))
                    .and_where(Expr::col("kind").eq("notice"))
                    .and_where(Expr::col("status").eq("published"))
                    .order_by("number", Order::Desc)
                    .limit(1)
                    .to_owned(),
            )
            .await?
            .map(|w| -> Result<(Option<TimeDate>, Option<TimeDate>), DbErr> {
                Ok((w.try_get_by_index(0)?, w.try_get_by_index(1)?))
            })
            .transpose()?;
        let mut insert = Query::insert();
        insert.into_table("campaign_stages").columns([
            "id",
            "campaign_id",
            "position",
            "kind",
            "opens_on",
            "closes_on",
            "settings",
        ]);
        for (position, kind) in TEMPLATE.iter().enumerate() {
            let (from, to, settings): (Option<TimeDate>, Option<TimeDate>, String) = match *kind {
                "recommendation" => (
                    Some(opens),
                    Some(Ord::max(levels, closes)),
                    format!(
                        r#"{{"deadlines":{{{}{}"submit":"{closes}"}}}}"#,
                        level("district"),
                        level("street")
                    ),
                ),
                "review" => (None, Some(review), "{}".into()),
                "notice" => match window {
                    Some((start, end)) => (start, end, "{}".into()),
                    None => (Some(notice), None, "{}".into()),
                },
                "final_list" => (Some(announced), None, "{}".into()),
                _ => (None, None, "{}".into()),
            };
            insert.values_panic([
                Uuid::now_v7().into(),
                id.into(),
                <i32 as TryFrom<usize>>::try_from(position)
                    .unwrap_or(0)
                    .into(),
                (*kind).into(),
                from.into(),
                to.into(),
                settings.into(),
            ]);
        }
        run(manager, insert).await?;
        let at = stage_of(manager, id, &status).await?;
        let stage = if at == 0 { "draft" } else { TEMPLATE[at - 1] };
        run(
            manager,
            Query::update()
                .table("campaigns")
                .value("stage", stage)
                .and_where(Expr::col("id").eq(id))
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}

/// Eligible nominations take the state their rows show, in this order.
async fn carry_statuses(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let eligible = || Expr::col(("nominations", "status")).eq("eligible");
    let in_select = |select: SelectStatement| Expr::col(("nominations", "id")).in_subquery(select);
    // On a published final list.
    let honorees = Query::select()
        .column("nomination_id")
        .from("honorees")
        .to_owned();
    // On a shortlist, with or without a published notice of its campaign.
    let shortlisted = Query::select()
        .column("nomination_id")
        .from("shortlist_entries")
        .to_owned();
    let noticed = Query::select()
        .column("campaign_id")
        .from("documents")
        .and_where(Expr::col("kind").eq("notice"))
        .and_where(Expr::col("status").eq("published"))
        .to_owned();
    let upheld = Query::select()
        .column("nomination_id")
        .from("objections")
        .and_where(Expr::col("status").eq("upheld"))
        .to_owned();
    // Every assignment has a submitted sheet (and there is one).
    let seats = Query::select()
        .expr(Expr::val(1))
        .from("assignments")
        .and_where(Expr::col(("assignments", "nomination_id")).equals(("nominations", "id")))
        .to_owned();
    let unscored = Query::select()
        .expr(Expr::val(1))
        .from("assignments")
        .and_where(Expr::col(("assignments", "nomination_id")).equals(("nominations", "id")))
        .and_where(
            Expr::exists(
                Query::select()
                    .expr(Expr::val(1))
                    .from("score_sheets")
                    .and_where(
                        Expr::col(("score_sheets", "assignment_id")).equals(("assignments", "id")),
                    )
                    .and_where(Expr::col(("score_sheets", "status")).eq("submitted"))
                    .to_owned(),
            )
            .not(),
        )
        .to_owned();
    let steps: [(&str, Expr); 5] = [
        ("honoree", in_select(honorees)),
        (
            "on_notice",
            in_select(shortlisted.clone()).and(Expr::col("campaign_id").in_subquery(noticed)),
        ),
        ("shortlisted", in_select(shortlisted)),
        ("withdrawn", in_select(upheld)),
        (
            "assessed",
            Expr::exists(seats).and(Expr::exists(unscored).not()),
        ),
    ];
    for (status, condition) in steps {
        run(
            manager,
            Query::update()
                .table("nominations")
                .value("status", status)
                .and_where(eligible())
                .and_where(condition)
                .to_owned(),
        )
        .await?;
    }
    // Assignments of nominations no longer in evaluation end when the nomination last changed.
    run(
        manager,
        Query::update()
            .table("assignments")
            .value(
                "ended_at",
                Expr::SubQuery(
                    None,
                    Box::new(
                        Query::select()
                            .column(("nominations", "updated_at"))
                            .from("nominations")
                            .and_where(
                                Expr::col(("nominations", "id"))
                                    .equals(("assignments", "nomination_id")),
                            )
                            .to_owned()
                            .into_sub_query_statement(),
                    ),
                ),
            )
            .and_where(
                Expr::col("nomination_id").in_subquery(
                    Query::select()
                        .column("id")
                        .from("nominations")
                        .and_where(Expr::col("status").is_not_in([
                            "eligible",
                            "assessed",
                            "shortlisted",
                            "on_notice",
                            "honoree",
                        ]))
                        .to_owned(),
                ),
            )
            .to_owned(),
    )
    .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("campaign_stages")
                    .col(pk_uuid("id"))
                    .col(uuid("campaign_id"))
                    .col(integer("position"))
                    .col(string_len("kind", 24))
                    .col(date_null("opens_on"))
                    .col(date_null("closes_on"))
                    .col(text("settings"))
                    .col(timestamp_with_time_zone_null("opened_at"))
                    .col(timestamp_with_time_zone_null("done_at"))
                    .foreign_key(&mut fk(
                        "campaign_stages",
                        "campaign_id",
                        "campaigns",
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_campaign_stages_kind",
                    "campaign_stages",
                    &["campaign_id", "kind"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        // One column per ALTER: SQLite adds one column per statement.
        for (table, column) in [
            (
                "campaigns",
                string_len("stage", 24).default("draft").to_owned(),
            ),
            ("assignments", timestamp_with_time_zone_null("ended_at")),
            ("recommendations", string_len_null("stage", 24)),
        ] {
            manager
                .alter_table(Table::alter().table(table).add_column(column).to_owned())
                .await?;
        }
        fill_stages(manager).await?;
        carry_statuses(manager).await?;
        for column in OLD_COLUMNS {
            manager
                .alter_table(
                    Table::alter()
                        .table("campaigns")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut columns = vec![string_len("status", 16).default("draft").to_owned()];
        for column in &OLD_COLUMNS[1..] {
            columns.push(if *column == "recommend_closes_on" {
                date_null(*column)
            } else {
                date(*column).default("2000-01-01").to_owned()
            });
        }
        for column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table("campaigns")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        let campaigns = db
            .query_all(
                &Query::select()
                    .columns(["id", "stage"])
                    .from("campaigns")
                    .to_owned(),
            )
            .await?;
        for row in campaigns {
            let id: Uuid = row.try_get_by_index(0)?;
            let stage: String = row.try_get_by_index(1)?;
            let status = match stage.as_str() {
                "draft" => "draft",
                "call" | "recommendation" => "open",
                _ => "closed",
            };
            let stages = db
                .query_all(
                    &Query::select()
                        .columns(["kind", "opens_on", "closes_on", "settings"])
                        .from("campaign_stages")
                        .and_where(Expr::col("campaign_id").eq(id))
                        .to_owned(),
                )
                .await?;
            let mut update = Query::update();
            update
                .table("campaigns")
                .value("status", status)
                .and_where(Expr::col("id").eq(id));
            for stage in stages {
                let kind: String = stage.try_get_by_index(0)?;
                let opens: Option<TimeDate> = stage.try_get_by_index(1)?;
                let closes: Option<TimeDate> = stage.try_get_by_index(2)?;
                let settings: String = stage.try_get_by_index(3)?;
                match kind.as_str() {
                    "recommendation" => {
                        if let Some(opens) = opens {
                            update.value("nomination_opens_on", opens);
                        }
                        // The submission deadline is the settings' "submit" date.
                        let submit = settings
                            .split("\"submit\":\"")
                            .nth(1)
                            .and_then(|rest| rest.get(..10))
                            .and_then(|day| {
                                TimeDate::parse(
                                    day,
                                    time::macros::format_description!("[year]-[month]-[day]"),
                                )
                                .ok()
                            });
                        if let Some(submit) = submit.or(closes) {
                            update.value("nomination_closes_on", submit);
                        }
                        update.value("recommend_closes_on", closes);
                    }
                    "review" => {
                        if let Some(closes) = closes {
                            update.value("review_closes_on", closes);
                        }
                    }
                    "notice" => {
                        if let Some(opens) = opens {
                            update.value("notice_starts_on", opens);
                        }
                    }
                    "final_list" => {
                        if let Some(opens) = opens {
                            update.value("announced_on", opens);
                        }
                    }
                    _ => {}
                }
            }
            run(manager, update).await?;
        }
        run(
            manager,
            Query::update()
                .table("nominations")
                .value("status", "eligible")
                .and_where(Expr::col("status").is_in([
                    "assessed",
                    "shortlisted",
                    "on_notice",
                    "honoree",
                    "withdrawn",
                ]))
                .to_owned(),
        )
        .await?;
        for (table, column) in [
            ("campaigns", "stage"),
            ("assignments", "ended_at"),
            ("recommendations", "stage"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table("campaign_stages").to_owned())
            .await
    }
}
