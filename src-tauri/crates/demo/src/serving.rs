//! One axum server on a bound listener, stopped gracefully: what the demo store and the
//! redirecting stand-in share.

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server task. Dropping it asks the server to stop; [`Serving::shutdown`] also waits for it.
pub(crate) struct Serving {
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Serving {
    /// Serves `app` on `listener` until stopped; `what` names it in the log if it fails.
    pub(crate) fn start(listener: TcpListener, app: Router, what: &'static str) -> Self {
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, server = what, "stopped with an error");
            }
        });
        Self {
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops accepting requests and waits for the server task to end.
    pub(crate) async fn shutdown(&mut self) {
        self.ask_to_stop();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    fn ask_to_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.ask_to_stop();
    }
}
