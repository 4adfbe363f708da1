//! `yishiting-server init`: a community from its register (or the demo), one sign-in code per
//! unit (一户一码) with printable slips, and the administrator's code. Codes are shown once,
//! here, and stored only as hashes.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use serde::Serialize;
use yishiting_domain::Role;
use yishiting_domain::files::read_units;

use crate::cli::InitArgs;
use crate::db::records::StoreError;
use crate::db::{self};
use crate::storage::Storage;

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("无法读取 {file}：{source}")]
    Read { file: String, source: std::io::Error },
    #[error("{0}\n共 {n} 处错误，未创建小区。", n = .0.len())]
    Csv(yishiting_domain::files::CsvErrors),
    #[error("请给出 --units units.csv 或 --demo")]
    NoRegister,
    #[error("小区名称不能为空")]
    NoName,
    #[error("{0}")]
    Db(#[from] rusqlite::Error),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("示例数据没有被规则全部接受：{0}")]
    Demo(String),
    #[error("数据库任务中断：{0}")]
    Interrupted(String),
    #[error("无法写入 {file}：{source}")]
    Write { file: String, source: std::io::Error },
}

/// What init made, for the operator (and, as JSON, for scripts and tests).
#[derive(Debug, Serialize)]
pub struct Created {
    pub community: i64,
    pub name: String,
    pub admin_code: String,
    /// Role accounts made with the demo: (role, name, code).
    pub accounts: Vec<RoleCode>,
    /// Every unit's code, in register order.
    pub units: Vec<UnitCode>,
}

#[derive(Debug, Serialize)]
pub struct RoleCode {
    pub role: Role,
    pub name: String,
    pub code: String,
}

#[derive(Debug, Serialize)]
pub struct UnitCode {
    pub unit: String,
    /// The owner key of the register (shared by an owner's units).
    pub owner_key: String,
    pub owner: String,
    pub code: String,
}

/// The people of the demo who sign in with role accounts (from the demo's own cast).
pub(crate) const DEMO_ACCOUNTS: &[(Role, &str)] = &[
    (Role::Committee, "周建华"),
    (Role::PartyBranch, "吴永明"),
    (Role::Community, "罗晓燕"),
    (Role::Property, "何志刚"),
    (Role::Officer, "孙桂兰"),
    (Role::Resident, "陈思远"),
];

pub(crate) fn run(args: &InitArgs, out: &mut impl Write) -> Result<(), InitError> {
    // Made through the storage boundary, as the server makes everything it keeps.
    let storage = db::Sqlite::new(db::open(&args.db)?);
    let (name, units, demo) = if args.demo {
        let name = args.community.clone().unwrap_or_else(|| yishiting_demo::NAME.to_owned());
        (name, yishiting_demo::units(), true)
    } else {
        let path = args.units.as_ref().ok_or(InitError::NoRegister)?;
        let bytes = std::fs::read(path)
            .map_err(|source| InitError::Read { file: path.display().to_string(), source })?;
        let register = read_units(&path.display().to_string(), &bytes).map_err(InitError::Csv)?;
        (args.community.clone().unwrap_or_default(), register.units().to_vec(), false)
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| InitError::Interrupted(e.to_string()))?;
    let created = runtime.block_on(storage.create_community(name, units, demo))?;
    if let Some(path) = &args.slips {
        write_file(path, slips(&created, &args.url).as_bytes())?;
    }
    if let Some(path) = &args.codes_json {
        let json = serde_json::to_vec_pretty(&created).map_err(StoreError::Json)?;
        write_file(path, &json)?;
    }
    let mut report = || -> std::io::Result<()> {
        writeln!(
            out,
            "已创建小区 {}（编号 {}），{} 户。",
            created.name,
            created.community,
            created.units.len()
        )?;
        writeln!(out, "管理员登录码：{}", created.admin_code)?;
        for account in &created.accounts {
            writeln!(out, "{}（{}）登录码：{}", account.role.badge(), account.name, account.code)?;
        }
        for unit in created.units.iter().take(3) {
            writeln!(out, "业主 {}（{}）登录码：{}", unit.owner, unit.unit, unit.code)?;
        }
        if let Some(path) = &args.slips {
            writeln!(out, "每户一张的登录纸条：{}（打印后请删除此文件）", path.display())?;
        }
        writeln!(out, "登录码只显示这一次，数据库中只存其摘要。")?;
        writeln!(
            out,
            "登录码密钥：{}（不在数据库中：备份数据库时另行保管，恢复时一并恢复）",
            crate::secret::described(&args.db)
        )
    };
    report().map_err(|source| InitError::Write { file: "stdout".to_owned(), source })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), InitError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|source| InitError::Write { file: dir.display().to_string(), source })?;
    }
    std::fs::write(path, bytes)
        .map_err(|source| InitError::Write { file: path.display().to_string(), source })
}

pub use crate::db::init::create;

/// One A4 slip per unit: the community, the unit, the code and a QR code of the sign-in link.
fn slips(created: &Created, base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{name} 一户一码登录纸条</title>
<style>
@page {{ size: A4; margin: 18mm; }}
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", sans-serif; color: #000; }}
.slip {{ page-break-after: always; border: 2px dashed #000; padding: 12mm; }}
h1 {{ font-size: 22pt; margin: 0 0 4mm; }}
.unit {{ font-size: 20pt; }}
.code {{ font-size: 34pt; font-family: monospace; letter-spacing: .1em; border: 2px solid #000; display: inline-block; padding: 2mm 5mm; margin: 4mm 0; }}
.qr svg {{ width: 60mm; height: 60mm; }}
p {{ font-size: 14pt; line-height: 1.6; }}
</style></head><body>
"#,
        name = escape(&created.name)
    );
    for unit in &created.units {
        // The unit rides along so that an officer's phone, offline, signs the owner in at a
        // meeting's door by scanning the slip (the code itself is never readable there).
        let link = format!(
            "{base}/signin?community={}&code={}&unit={}",
            created.community,
            unit.code,
            form_urlencoded::byte_serialize(unit.unit.as_bytes()).collect::<String>()
        );
        let qr = qrcode::QrCode::new(link.as_bytes())
            .map(|code| {
                code.render::<qrcode::render::svg::Color<'_>>()
                    .min_dimensions(240, 240)
                    .quiet_zone(true)
                    .build()
            })
            .unwrap_or_default();
        let _ = write!(
            html,
            r#"<section class="slip"><h1>{name} · 百姓议事厅</h1>
<div class="unit">房号 <b>{unit}</b>（{owner}）</div>
<div class="code">{code}</div>
<div class="qr">{qr}</div>
<p>用微信扫描二维码，或打开 {base} 并输入上面的登录码，即可以本户业主的身份参加议事和业主表决。</p>
<p>一户一码：请妥善保管，不要转给他人。遗失请联系业委会补发，原码随即作废。</p>
</section>
"#,
            name = escape(&created.name),
            unit = escape(&unit.unit),
            owner = escape(&unit.owner),
            code = unit.code,
            base = escape(base),
        );
    }
    html.push_str("</body></html>\n");
    html
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
