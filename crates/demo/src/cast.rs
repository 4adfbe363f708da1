//! The people of the demo who are not picked from the register: the committee, the Party
//! branch, the community worker, the property company, two residents and two meeting officers.

use yishiting_domain::Role;
use yishiting_domain::mutation::Actor;

fn person(id: &str, name: &str, role: Role, device: &str) -> Actor {
    Actor {
        id: format!("demo-{id}"),
        name: name.to_owned(),
        role,
        unit: None,
        device: device.to_owned(),
    }
}

/// 业委会主任: chairs the committee, moves matters and opens votes.
pub(crate) fn chair() -> Actor {
    person("committee-zhou", "周建华", Role::Committee, "华为 Mate 40")
}

/// 业委会委员, in charge of the accounts.
pub(crate) fn treasurer() -> Actor {
    person("committee-chen", "陈丽", Role::Committee, "iPhone 13")
}

/// 小区党支部书记.
pub(crate) fn secretary() -> Actor {
    person("party-wu", "吴永明", Role::PartyBranch, "荣耀 X30")
}

/// 社区网格员, from the residents' committee.
pub(crate) fn grid_worker() -> Actor {
    person("community-luo", "罗晓燕", Role::Community, "vivo Y76s")
}

/// 物业项目经理.
pub(crate) fn manager() -> Actor {
    person("property-he", "何志刚", Role::Property, "小米 12")
}

/// 物业工程部主管.
pub(crate) fn engineer() -> Actor {
    person("property-tang", "唐德明", Role::Property, "华为 畅享 20")
}

/// A young tenant (租户) who drives and rides an e-bike.
pub(crate) fn tenant() -> Actor {
    person("resident-chen", "陈思远", Role::Resident, "iPhone 12")
}

/// A retired resident who lives in her son's flat.
pub(crate) fn grandma() -> Actor {
    person("resident-liu", "刘桂芳", Role::Resident, "Redmi 9A")
}

/// 计票人 at the parking covenant's owners' meeting.
pub(crate) fn parking_officer() -> Actor {
    person("officer-deng", "邓海燕", Role::Officer, "会场平板-1")
}

/// 计票人 at the polling point for the elevator overhaul.
pub(crate) fn elevator_officer() -> Actor {
    person("officer-sun", "孙桂兰", Role::Officer, "党群驿站平板")
}
