//! The access log formats of stages, for the rules that read them: every branch (`Fn::If`) of
//! every stage's `AccessLogSettings.Format`, with its text as parts (`Fn::Sub`, `Fn::Join`).

use apigw_model::Model;
use apigw_model::api::Stage;
use apigw_model::intrinsic::Part;
use apigw_syntax::Node;

/// One way a stage's access log format may be written.
pub(crate) struct LogFormat<'m, 'a> {
    pub stage: &'m Stage<'a>,
    /// The format's value, where a finding about it points.
    pub node: &'a Node,
    pub parts: Vec<Part<'a>>,
}

/// Every format of every stage whose text can be assembled.
pub(crate) fn formats<'m, 'a>(model: &'m Model<'a>) -> Vec<LogFormat<'m, 'a>> {
    let mut formats = Vec::new();
    for stage in &model.stages {
        let Some(settings) = stage.access_log_settings else { continue };
        for settings in model.template.branches(&settings.value) {
            let Some(format) = settings.get("Format") else { continue };
            for node in model.template.branches(format) {
                let Some(parts) = model.template.parts(node) else { continue };
                formats.push(LogFormat { stage, node, parts });
            }
        }
    }
    formats
}
