//! Group commit: writes that arrive together are written together, in one transaction with one
//! commit.
//!
//! Why: every commit waits for the disk (SQLite with `synchronous = FULL`, PostgreSQL's WAL
//! flush), one writer holds SQLite's lock at a time, and writers queued on that lock sleep in
//! its busy handler (1, 2, 5, 10 … ms) and wake late. Written one transaction each, API
//! submissions and votes under load ran at a fraction of the database's single-row insert rate.
//!
//! How: a caller queues its item and takes the leader's lock, which is first come, first
//! served. The leader hands what is queued (at most the queue's `max` items) to the writer,
//! which writes them in one transaction and answers each item, in order; then every caller of
//! the group hears its answer. A caller whose item an earlier leader already wrote finds its
//! answer waiting. Nobody hears "saved" before the commit, so a 2xx is as durable as with a
//! transaction of its own.
//!
//! The writer decides what a failed group means for its items (the nominations' and the votes'
//! writers write each item again alone, so one bad item fails only its own caller). A group runs
//! in a task of its own: a leader whose request is dropped midway (the client went away) does
//! not take the others' items down with it. Every caller gets an answer: its result, or an
//! error saying the item was not written.

use std::{
    future::Future,
    sync::{Mutex, MutexGuard, PoisonError},
};

use rocket::tokio::{
    self,
    sync::{Mutex as AsyncMutex, oneshot},
};
use sea_orm::DbErr;

use crate::error::{AppError, AppResult};

/// An item waiting for its group, and where its answer goes.
struct Pending<T, R> {
    item: T,
    reply: oneshot::Sender<AppResult<R>>,
}

/// The queue of one kind of write of one application instance.
pub struct Queue<T, R> {
    pending: Mutex<Vec<Pending<T, R>>>,
    leader: AsyncMutex<()>,
    max: usize,
    what: &'static str,
}

impl<T: Send + 'static, R: Send + 'static> Queue<T, R> {
    /// A queue writing at most `max` items in one transaction; `what` names an item in the
    /// error of one that was not written ("the nomination").
    #[must_use]
    pub fn new(max: usize, what: &'static str) -> Self {
        Self {
            pending: Mutex::new(Vec::new()),
            leader: AsyncMutex::new(()),
            max: max.max(1),
            what,
        }
    }

    /// Writes `item` with whatever else is queued: `write` gets the group's items in the order
    /// they came and answers each, in that order, once its transaction has ended.
    ///
    /// # Errors
    /// The item's own answer; [`AppError::Db`] when it was not written (the writer answered
    /// fewer items than it was given, or its task failed).
    pub async fn add<W, F>(&self, item: T, write: W) -> AppResult<R>
    where
        W: Fn(Vec<T>) -> F,
        F: Future<Output = Vec<AppResult<R>>> + Send + 'static,
    {
        let (reply, mut answer) = oneshot::channel();
        self.lock_pending().push(Pending { item, reply });
        let leader = self.leader.lock().await;
        loop {
            match answer.try_recv() {
                Ok(result) => return result,
                Err(oneshot::error::TryRecvError::Closed) => return Err(self.not_written()),
                Err(oneshot::error::TryRecvError::Empty) => {}
            }
            let group: Vec<Pending<T, R>> = {
                let mut pending = self.lock_pending();
                let take = pending.len().min(self.max);
                pending.drain(..take).collect()
            };
            if group.is_empty() {
                // A group whose leader went away is still writing this item.
                break;
            }
            let (items, replies): (Vec<T>, Vec<_>) =
                group.into_iter().map(|p| (p.item, p.reply)).unzip();
            let work = write(items);
            // Its callers hear how it went through their answers; should the task panic, its
            // answers are dropped, which they hear as not written.
            let _ = tokio::spawn(async move {
                for (reply, result) in replies.into_iter().zip(work.await) {
                    let _ = reply.send(result);
                }
            })
            .await;
        }
        drop(leader);
        answer.await.unwrap_or_else(|_| Err(self.not_written()))
    }

    fn lock_pending(&self) -> MutexGuard<'_, Vec<Pending<T, R>>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn not_written(&self) -> AppError {
        AppError::Db(DbErr::Custom(format!("{} was not written", self.what)))
    }
}

#[cfg(test)]
mod tests {
    use std::{sync::Arc, time::Duration};

    use super::*;

    /// What the test writer's groups come to.
    type Answers = std::pin::Pin<Box<dyn Future<Output = Vec<AppResult<u32>>> + Send>>;

    /// A writer that takes a while, remembers the groups it was given and doubles each item;
    /// item 13 it answers with a refusal of its own.
    fn slow_doubler(groups: Arc<Mutex<Vec<Vec<u32>>>>) -> impl Fn(Vec<u32>) -> Answers {
        move |items| {
            let groups = Arc::clone(&groups);
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                groups.lock().expect("groups").push(items.clone());
                items
                    .into_iter()
                    .map(|i| {
                        if i == 13 {
                            Err(AppError::Refused("error-test", vec![]))
                        } else {
                            Ok(i * 2)
                        }
                    })
                    .collect()
            })
        }
    }

    #[rocket::async_test]
    async fn items_queued_together_are_written_in_groups_and_each_hears_its_own_answer() {
        let queue = Arc::new(Queue::<u32, u32>::new(8, "the item"));
        let groups = Arc::new(Mutex::new(Vec::new()));
        let tasks: Vec<_> = (0..40_u32)
            .map(|i| {
                let (queue, groups) = (Arc::clone(&queue), Arc::clone(&groups));
                tokio::spawn(async move { (i, queue.add(i, slow_doubler(groups)).await) })
            })
            .collect();
        for task in tasks {
            let (i, answer) = task.await.expect("a caller");
            match answer {
                Ok(doubled) => assert_eq!(doubled, i * 2),
                Err(AppError::Refused("error-test", _)) => assert_eq!(i, 13),
                Err(other) => panic!("item {i}: {other:?}"),
            }
        }
        let groups = groups.lock().expect("groups").clone();
        let mut written: Vec<u32> = groups.iter().flatten().copied().collect();
        written.sort_unstable();
        assert_eq!(
            written,
            (0..40).collect::<Vec<_>>(),
            "each item written once"
        );
        assert!(groups.iter().all(|g| !g.is_empty() && g.len() <= 8));
        assert!(
            groups.iter().any(|g| g.len() > 1),
            "items waiting together share a group: {groups:?}"
        );
    }

    #[rocket::async_test]
    async fn an_item_the_writer_leaves_unanswered_is_told_it_was_not_written() {
        let queue = Queue::<u32, u32>::new(8, "the item");
        let answer = queue
            .add(1, |_items| async { Vec::<AppResult<u32>>::new() })
            .await;
        match answer {
            Err(AppError::Db(DbErr::Custom(message))) => {
                assert_eq!(message, "the item was not written");
            }
            other => panic!("{other:?}"),
        }
    }
}
