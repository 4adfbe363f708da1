//! Plausible Chinese names for the demo's owners and tenants, and the phones they use.

use crate::rng::Rng;

/// Common surnames; the commonest appear more than once so they come up more often.
const SURNAMES: &[&str] = &[
    "王", "王", "王", "李", "李", "李", "张", "张", "张", "刘", "刘", "陈", "陈", "杨", "杨", "黄",
    "赵", "吴", "周", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "何", "高", "林", "罗", "罗",
    "郑", "梁", "谢", "宋", "唐", "唐", "许", "韩", "冯", "邓", "邓", "曹", "彭", "彭", "曾", "肖",
    "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
    "姚", "卢", "谭", "谭", "钟", "汪", "范", "廖", "廖", "夏", "付", "冉", "向", "牟", "秦", "熊",
];

/// Given names across the generations that own flats: retired workers and young families.
const GIVEN: &[&str] = &[
    "秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "秀珍", "凤英", "素琴", "德明", "建国", "建华",
    "国强", "志强", "志刚", "德华", "明华", "永红", "红梅", "春梅", "海燕", "晓燕", "丽华", "丽娟",
    "文斌", "文华", "宏伟", "学军", "卫东", "光明", "家琴", "泽贤", "洪武", "伟", "芳", "敏", "静",
    "丽", "强", "磊", "军", "勇", "艳", "杰", "娟", "涛", "超", "霞", "平", "刚", "斌", "亮", "俊",
    "晓东", "晓峰", "小龙", "建平", "雪梅", "玉梅", "婷婷", "倩", "璐", "洋", "鑫", "浩", "宇航",
    "子涵", "浩然", "思远", "雨桐", "俊杰", "欣怡", "梓萱", "一鸣", "佳怡", "睿", "晨曦", "嘉欣",
];

/// Phones seen in a community WeChat group, old Android phones among them.
const PHONES: &[&str] = &[
    "华为 Mate 40",
    "华为 nova 9",
    "华为 畅享 20",
    "荣耀 X40",
    "荣耀 Play 5",
    "小米 13",
    "Redmi Note 12",
    "Redmi 9A",
    "OPPO A58",
    "OPPO Reno 8",
    "vivo Y77",
    "vivo S16",
    "iPhone 12",
    "iPhone 14",
    "iPhone XR",
    "iPhone 8 Plus",
];

/// One person's name.
pub(crate) fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

/// The names of a couple who co-own one unit, written as the certificate lists them.
pub(crate) fn couple(rng: &mut Rng) -> String {
    format!("{}、{}", person(rng), person(rng))
}

/// The phone a person uses, the same every time: chosen by a hash of their stable id.
pub(crate) fn phone(person_id: &str) -> &'static str {
    // FNV-1a: small, stable across platforms, and enough to spread a few hundred ids.
    let hash = person_id
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let index = usize::try_from(hash % PHONES.len() as u64).expect("an index fits in usize");
    PHONES[index]
}
