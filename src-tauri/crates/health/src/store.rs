//! The token and final-status checks: one light call (`wsstatuspedidos.json`, the call
//! "Testar conexão" makes) answers both — the store accepting the token, and the list the
//! chosen final statuses are looked up in.

use conector_core::{CodedError, MessageCode, Params, Secret};
use conector_simplo7::{ClientConfig, OrderStatus, StoreAddress, StoreClient, StoreError};

use crate::verdict::{Check, CheckResult, Note, State};

/// Where the store is and the token to show it.
#[derive(Debug, Clone)]
pub struct StoreTarget {
    pub address: StoreAddress,
    pub token: Secret,
}

/// The store side of what is checked.
#[derive(Debug, Clone)]
pub enum StoreInput {
    Ready(StoreTarget),
    /// Nothing to check with: no store set up, or no token kept on this computer. The token
    /// check is skipped with this note.
    Missing(Note),
    /// The saved or given address or token cannot be used at all (refused before any call):
    /// a problem.
    Unusable(Note),
}

/// A final status the owner chose, with the name the store gave it when it was chosen (the
/// store cannot name a status it no longer has).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalStatus {
    pub id: String,
    pub name: Option<String>,
}

/// Both store checks: `[token, statuses]`.
pub async fn check_store(
    input: &StoreInput,
    finals: &[FinalStatus],
    config: ClientConfig,
) -> [CheckResult; 2] {
    let target = match input {
        StoreInput::Ready(target) => target,
        StoreInput::Missing(note) => {
            let token = CheckResult::new(Check::Token, State::Skipped, note.clone())
                .todo(MessageCode::HealthTodoConnect);
            return [token, not_checked()];
        }
        StoreInput::Unusable(note) => {
            let todo = match note.code {
                MessageCode::StoreMissingToken | MessageCode::StoreMalformedToken => {
                    MessageCode::HealthTodoToken
                }
                _ => MessageCode::HealthTodoStoreAddress,
            };
            let token = CheckResult::new(Check::Token, State::Problem, note.clone()).todo(todo);
            return [token, not_checked()];
        }
    };
    let statuses = match StoreClient::new(target.address.clone(), &target.token, config) {
        Ok(client) => client.order_statuses().await,
        Err(e) => Err(e),
    };
    judge_store(statuses, finals)
}

/// The verdicts from the store's answer to the status list.
pub fn judge_store(
    answer: Result<Vec<OrderStatus>, StoreError>,
    finals: &[FinalStatus],
) -> [CheckResult; 2] {
    match answer {
        Ok(statuses) => [
            CheckResult::ok(
                Check::Token,
                MessageCode::HealthTokenOk,
                Params::new().number("count", count(statuses.len())),
            ),
            judge_statuses(&statuses, finals),
        ],
        Err(e) => [token_failure(&e), not_checked()],
    }
}

fn token_failure(e: &StoreError) -> CheckResult {
    let (state, todo) = match e {
        StoreError::TokenRejected | StoreError::MissingToken | StoreError::MalformedToken => {
            (State::Problem, MessageCode::HealthTodoToken)
        }
        e if e.is_input_problem() => (State::Problem, MessageCode::HealthTodoStoreAddress),
        // Network, rate limit, server errors: this computer's connection or a passing fault
        // of the store; the next run looks again.
        _ => (State::Warning, MessageCode::HealthTodoStoreLater),
    };
    CheckResult::new(Check::Token, state, e.payload().into()).todo(todo)
}

fn judge_statuses(statuses: &[OrderStatus], finals: &[FinalStatus]) -> CheckResult {
    if finals.is_empty() {
        return CheckResult::skipped(Check::Statuses, MessageCode::HealthStatusesNoneChosen);
    }
    let missing: Vec<&FinalStatus> = finals
        .iter()
        .filter(|f| !statuses.iter().any(|s| s.id == f.id))
        .collect();
    if missing.is_empty() {
        return CheckResult::ok(
            Check::Statuses,
            MessageCode::HealthStatusesOk,
            Params::new().number("count", count(finals.len())),
        );
    }
    let named = missing
        .iter()
        .map(|f| match &f.name {
            Some(name) => format!("{name} ({})", f.id),
            None => f.id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let found = Note::with(
        MessageCode::HealthStatusesMissing,
        Params::new()
            .number("count", count(missing.len()))
            .text("statuses", named),
    );
    CheckResult::new(Check::Statuses, State::Problem, found).todo(MessageCode::HealthTodoStatuses)
}

fn not_checked() -> CheckResult {
    CheckResult::skipped(Check::Statuses, MessageCode::HealthStatusesNotChecked)
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use conector_core::Param;
    use conector_simplo7::NetFailure;

    fn statuses(ids: &[(&str, &str)]) -> Vec<OrderStatus> {
        ids.iter()
            .map(|(id, name)| OrderStatus {
                id: (*id).into(),
                name: (*name).into(),
            })
            .collect()
    }

    fn finals(ids: &[(&str, &str)]) -> Vec<FinalStatus> {
        ids.iter()
            .map(|(id, name)| FinalStatus {
                id: (*id).into(),
                name: Some((*name).into()),
            })
            .collect()
    }

    #[test]
    fn an_accepted_token_and_every_final_status_present_is_ok() {
        let store = statuses(&[("3", "Pago"), ("9", "Enviado"), ("17", "Entregue")]);
        let [token, finals] =
            judge_store(Ok(store), &finals(&[("9", "Enviado"), ("17", "Entregue")]));
        assert_eq!(
            (token.state, token.found.code),
            (State::Ok, MessageCode::HealthTokenOk)
        );
        assert_eq!(token.found.params.get("count"), Some(&Param::Number(3)));
        assert_eq!(token.todo, None);
        assert_eq!(
            (finals.state, finals.found.code),
            (State::Ok, MessageCode::HealthStatusesOk)
        );
        assert_eq!(finals.found.params.get("count"), Some(&Param::Number(2)));
    }

    #[test]
    fn a_final_status_gone_from_the_store_is_a_problem_named_with_its_old_name() {
        let store = statuses(&[("3", "Pago"), ("17", "Entregue")]);
        let chosen = finals(&[("9", "Enviado"), ("17", "Entregue")]);
        let [token, finals] = judge_store(Ok(store), &chosen);
        assert_eq!(token.state, State::Ok);
        assert_eq!(finals.state, State::Problem);
        assert_eq!(finals.found.code, MessageCode::HealthStatusesMissing);
        assert_eq!(
            finals.found.params.get("statuses"),
            Some(&Param::Text("Enviado (9)".into()))
        );
        assert_eq!(finals.found.params.get("count"), Some(&Param::Number(1)));
        assert_eq!(
            finals.todo,
            Some(Note::new(MessageCode::HealthTodoStatuses))
        );
    }

    #[test]
    fn no_final_status_chosen_is_skipped() {
        let [_, finals] = judge_store(Ok(statuses(&[("3", "Pago")])), &[]);
        assert_eq!(finals.state, State::Skipped);
        assert_eq!(finals.found.code, MessageCode::HealthStatusesNoneChosen);
    }

    #[test]
    fn a_refused_token_is_a_problem_that_says_which_user_to_open() {
        let chosen = finals(&[("9", "Enviado")]);
        let [token, finals] = judge_store(Err(StoreError::TokenRejected), &chosen);
        assert_eq!(token.state, State::Problem);
        assert_eq!(token.found.code, MessageCode::StoreTokenRejected);
        assert_eq!(token.todo, Some(Note::new(MessageCode::HealthTodoToken)));
        assert_eq!(
            finals.state,
            State::Skipped,
            "no list to look the statuses up in"
        );
        assert_eq!(finals.found.code, MessageCode::HealthStatusesNotChecked);
    }

    #[test]
    fn a_wrong_address_is_a_problem_and_a_network_failure_a_warning() {
        let [token, _] = judge_store(
            Err(StoreError::NotFound {
                host: "loja.example".into(),
            }),
            &[],
        );
        assert_eq!(token.state, State::Problem);
        assert_eq!(
            token.todo,
            Some(Note::new(MessageCode::HealthTodoStoreAddress))
        );

        let offline = StoreError::Unreachable {
            host: "loja.example".into(),
            failure: NetFailure::Refused,
        };
        let [token, _] = judge_store(Err(offline), &[]);
        assert_eq!(token.state, State::Warning);
        assert_eq!(token.found.code, MessageCode::StoreUnreachable);
        assert_eq!(
            token.todo,
            Some(Note::new(MessageCode::HealthTodoStoreLater))
        );

        let busy = StoreError::ServerError {
            status: 503,
            attempts: 3,
        };
        assert_eq!(judge_store(Err(busy), &[])[0].state, State::Warning);
    }

    #[tokio::test]
    async fn without_a_token_the_store_checks_are_skipped() {
        let input = StoreInput::Missing(Note::new(MessageCode::HealthTokenNoToken));
        let [token, finals] = check_store(&input, &[], ClientConfig::interactive()).await;
        assert_eq!(token.state, State::Skipped);
        assert_eq!(token.found.code, MessageCode::HealthTokenNoToken);
        assert_eq!(token.todo, Some(Note::new(MessageCode::HealthTodoConnect)));
        assert_eq!(finals.state, State::Skipped);
    }
}
