//! Errors as pages: a refusal or failure is rendered in the user's language inside the site's
//! layout, with the status the error carries; a request that needs a signed-in user is sent to
//! the sign-in page instead.

use rocket::{
    http::{ContentType, Status},
    request::Request,
    response::{self, Responder, Response},
};

use crate::error::AppError;

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let status = self.status();
        if status == Status::InternalServerError {
            // Details go to the log, never to the client.
            rocket::error_!("{} {}: {self}", req.method(), req.uri());
        }
        if status == Status::Unauthorized {
            return crate::web::session::login_redirect(req).respond_to(req);
        }
        let message = self.message(crate::http::request_lang(req));
        let html = crate::web::page::error_page(req, status, &message);
        Response::build_from(html.respond_to(req)?)
            .status(status)
            .header(ContentType::HTML)
            .ok()
    }
}
