//! A small site for the search tests: three reports in three scripts.

use crate::common::Project;

/// Three reports in three scripts, each with words the others lack.
pub fn multilingual_project() -> Project {
    let project = Project::new();
    project.seed(
        "grain.txt",
        "Grain exports resume after the port blockade ends\n\n\
         Ships loaded with wheat left the harbour on Tuesday after negotiators in Istanbul agreed to reopen the corridor. \
         Traders said the first cargoes were bound for Egypt and Lebanon, where bread prices had risen sharply.\n\n\
         The agreement, brokered over several weeks, allows inspections of every vessel before it sails.\n",
    );
    project.seed(
        "model.txt",
        "Президент поручил создать суверенные языковые модели\n\n\
         Президент России поручил правительству обеспечить создание собственных больших языковых моделей. \
         По его словам, страна должна опираться на отечественные технологии искусственного интеллекта.\n\n\
         Участники совещания обсудили финансирование исследований и подготовку специалистов.\n",
    );
    project.seed(
        "china.txt",
        "中国与俄罗斯扩大人工智能合作\n\n\
         两国代表在北京举行会谈，同意在人工智能研究、数据中心建设和人才培养方面加强合作。\
         双方表示，新的协议将在明年正式实施，并设立联合实验室。\n\n\
         分析人士认为，这一合作将影响全球技术竞争格局。\n",
    );
    project
}

pub fn slug_of(project: &Project, starts_with: &str) -> String {
    let file = project.content_files().into_iter().find(|f| f.starts_with(starts_with));
    file.unwrap_or_else(|| panic!("no content page starting with {starts_with}: {:?}", project.content_files()))
        .trim_end_matches(".md")
        .to_string()
}
