"""The screening benchmark's data: synthetic entities built from real name parts, and the
labelled query sets (each query with the entity it should find).

Nothing here touches Django except ``insert`` and ``held_names``: the generators are plain
functions of a ``random.Random``, so that a seed gives the same data on SQLite and PostgreSQL.

Name parts come from two places: the names of the real list samples that the benchmark
imports first (tests/data: OFAC, UN, UK), split into given names, family names and
organisation words; and the lists below of common Arabic, Persian, Russian, Chinese
(pinyin), Korean and Western name parts and company words. Spelling variants that lists and
customers really use (Mohammed/Muhammad, Hussein/Husayn, Zhang/Chang, Park/Pak) are kept as
groups, so that an alias can be a variant and a query another one.
"""

# ruff: noqa: RUF001 (Cyrillic letters that look Latin are the point of these tables)
from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# Name parts ---------------------------------------------------------------------------------
# Each line is one group of spellings of the same name; the first is the usual one.
ARABIC_GIVEN = """
Mohammed Muhammad Mohammad Mohamed Muhammed
Ahmed Ahmad
Ali Aly
Hassan Hasan
Hussein Husayn Hussain Husain
Mahmoud Mahmud
Abdullah Abdallah
Omar Umar
Osama Usama
Khaled Khalid
Youssef Yusuf Yousef
Ibrahim Ebrahim
Mustafa Mostafa
Saeed Said Sayed
Jamal Gamal
Tariq Tarek Tareq
Nasser Nasir Naser
Rashid Rachid
Walid Waleed
Faisal Faysal
Hamid Hamed
Qasim Qassem Kassem
Salim Salem
Karim Kareem
Majid Majeed
Ismail Ismael
Yasin Yassin Yaseen
Anwar Anouar
Bilal
Hamza Hamzah
Ayman Aiman
Zakaria Zakariya
Suleiman Sulayman Sleiman
Adnan
Imad Emad
Ziad Ziyad
Nabil Nabeel
Samir Sameer
Hisham Hesham
Raed Raid
Mansour Mansur
Othman Uthman Osman
Abbas
Jaber Jabir
Fawzi Fawzy
Mounir Munir
Riyad Riad
Sami
Fatima Fatimah
Aisha Aysha
Mariam Maryam
Zainab Zaynab
Layla Leila
"""
ARABIC_FEMALE = {"Fatima", "Aisha", "Mariam", "Zainab", "Layla"}
ARABIC_FAMILY = """
Tikriti
Masri
Baghdadi
Zawahiri
Qahtani
Shammari
Otaibi Utaybi
Harbi
Ghamdi
Zahrani
Hashimi Hashemi
Ansari
Khatib
Hakim
Haddad
Hamdan
Najjar
Halabi
Shami
Darwish Darweesh
Barakat
Azzam
Sudani
Saadi
Sharif Sherif
Kuwaiti
Yemeni
Libi
Obeidi Ubaydi
Jubouri Jabouri
Dulaimi Dulaymi
Rawi
Janabi
Hadrami
Awlaki
Qurashi Qureshi
Mahdi Mehdi
Farsi
Bakri
Tamimi
"""
PERSIAN_FEMALE = {"Maryam", "Zahra", "Fatemeh", "Shirin", "Parisa"}
WESTERN_FEMALE = {"Mary", "Elizabeth", "Susan", "Sophie", "Claire"}
PERSIAN_GIVEN = """
Reza Rida
Hossein Hosein Husayn
Mehdi Mahdi
Mohsen Mohsin Muhsin
Javad Jawad
Jafar Jaafar
Masoud Massoud
Amir
Gholamreza Gholam-Reza
Esmail Ismail
Qasem Ghasem
Mojtaba
Morteza Murtaza
Farhad
Behrouz Behruz
Dariush Daryush
Kourosh Kurosh
Babak
Bahram
Parviz Parvez
Nader Nadir
Shahram
Saman
Hamidreza Hamid-Reza
Alireza Ali-Reza
Mohammadreza Mohammad-Reza
Abolfazl Abulfazl
Ruhollah Rouhollah
Sadegh Sadeq
Vahid
Hassan Hasan
Ahmad Ahmed
Majid
Saeed Said
Abbas
Maryam Mariam
Zahra
Fatemeh Fatima
Shirin
Parisa
"""
PERSIAN_FAMILY = """
Hosseini Husseini
Mousavi Musavi
Rezaei Rezaee
Ahmadi
Mohammadi
Karimi
Rahimi
Jafari Jaafari
Kazemi Kazimi
Sadeghi Sadeqi
Ghorbani Qorbani
Rostami
Abbasi
Salehi
Heidari Haidari
Soleimani Solaimani Suleimani
Najafi
Tehrani
Shirazi
Esfahani Isfahani
Bagheri Baqeri
Nouri Nuri
Amini
Asadi
Ebrahimi
Farahani
Ghasemi Qasemi
Mirzaei
Nazari
Safavi
Taheri
Vahidi
Yazdani
Zamani
Khosravi
Moradi
Sharifi
Hashemi Hashimi
Firouzabadi Firuzabadi
Daneshvar
"""
RUSSIAN_GIVEN_M = """
Sergei Sergey
Alexei Aleksei Alexey
Andrei Andrey
Dmitri Dmitry Dmitriy
Nikolai Nikolay
Vladimir
Ivan
Yuri Yury Iouri
Mikhail
Alexander Aleksandr
Viktor Victor
Oleg
Igor
Pavel
Boris
Yevgeny Evgeny Evgeniy
Anatoly Anatoliy
Gennady Gennadiy
Vasily Vasiliy
Arkady Arkadiy
Konstantin
Roman
Denis
Maxim Maksim
Kirill
Artem Artyom
Grigory Grigoriy
Valery Valeriy
Leonid
Stanislav
Vyacheslav Viacheslav
Vitaly Vitaliy
Ruslan
Timur
Fyodor Fedor
"""
RUSSIAN_GIVEN_F = """
Olga
Tatiana Tatyana
Elena Yelena
Natalia Natalya
Irina
Svetlana
Anna
Maria Mariya
Ekaterina Yekaterina
Yulia Yuliya Julia
Galina
Lyudmila Ludmila
Marina
Oksana
"""
# Patronymics: the father's name + "ich" (a son) or "na" (a daughter).
RUSSIAN_PATRONYMIC = {
    "Sergei": "Sergeev", "Alexei": "Alekseev", "Andrei": "Andreev", "Dmitri": "Dmitriev",
    "Nikolai": "Nikolaev", "Vladimir": "Vladimirov", "Ivan": "Ivanov", "Yuri": "Yuriev",
    "Mikhail": "Mikhailov", "Alexander": "Aleksandrov", "Viktor": "Viktorov", "Oleg": "Olegov",
    "Igor": "Igorev", "Pavel": "Pavlov", "Boris": "Borisov", "Yevgeny": "Evgeniev",
    "Anatoly": "Anatoliev", "Gennady": "Gennadiev", "Vasily": "Vasiliev", "Arkady": "Arkadiev",
    "Konstantin": "Konstantinov", "Roman": "Romanov", "Leonid": "Leonidov",
    "Stanislav": "Stanislavov", "Valery": "Valeriev", "Grigory": "Grigoriev",
}  # fmt: skip
RUSSIAN_FAMILY = """
Ivanov
Petrov
Sidorov
Smirnov
Kuznetsov
Popov
Vasiliev Vasilyev
Sokolov
Mikhailov
Novikov
Fedorov Fyodorov
Morozov
Volkov
Alekseev Alexeev
Lebedev
Semenov Semyonov
Egorov Yegorov
Pavlov
Kozlov
Stepanov
Nikolaev Nikolayev
Orlov
Andreev Andreyev
Makarov
Nikitin
Zakharov
Zaitsev Zaytsev
Soloviev Solovyov
Borisov
Yakovlev
Grigoriev Grigoryev
Romanov
Vorobiev Vorobyov
Sergeev Sergeyev
Kuzmin
Frolov
Aleksandrov Alexandrov
Dmitriev Dmitriyev
Korolev Korolyov
Gusev
Kiselev Kiselyov
Ilyin Ilin
Maksimov Maximov
Polyakov
Sorokin
Vinogradov
Kovalev Kovalyov
Belov
Medvedev
Antonov
Tarasov
Zhukov
Baranov
Filippov
Komarov
Davydov
Belyaev Belyayev
Gerasimov
Bogdanov
Osipov
Chernov
Sidorenko
Kovalenko
Shevchenko
Bondarenko
Tkachenko
Kravchenko
Shcherbakov Shcherbakoff
Khrustalev Khrustalyov
Tsvetkov
"""
CHINESE_FAMILY = """
Wang Wong
Li Lee
Zhang Chang Cheung
Liu Lau
Chen Chan
Yang Yeung
Huang Hwang
Zhao Chao
Wu
Zhou Chou
Xu Hsu
Sun
Ma
Zhu Chu
Hu
Guo Kuo
He Ho
Gao Kao
Lin Lam
Luo Lo
Zheng Cheng
Liang Leung
Xie Hsieh
Song Sung
Tang Tong
Han Hon
Feng Fung
Deng Teng
Cao Tsao
Peng Pang
Xiao Hsiao
Tian Tien
Dong Tung
Pan Poon
Yuan
Cai Tsai
Jiang Chiang
Du Tu
Ye Yip
Wei
Su So
Ding Ting
Ren Jen
Shen Shum
Yao Yiu
Qian Chien
"""
CHINESE_HANZI = {
    "wang": "王", "li": "李", "zhang": "张", "liu": "刘", "chen": "陈", "yang": "杨",
    "huang": "黄", "zhao": "赵", "wu": "吴", "zhou": "周", "xu": "徐", "sun": "孙", "ma": "马",
    "zhu": "朱", "hu": "胡", "guo": "郭", "he": "何", "gao": "高", "lin": "林", "luo": "罗",
    "zheng": "郑", "liang": "梁", "xie": "谢", "song": "宋", "tang": "唐", "han": "韩",
    "feng": "冯", "deng": "邓", "cao": "曹", "peng": "彭", "xiao": "肖", "tian": "田",
    "dong": "董", "pan": "潘", "yuan": "袁", "cai": "蔡", "jiang": "江", "du": "杜", "ye": "叶",
    "wei": "魏", "su": "苏", "ding": "丁", "ren": "任", "shen": "沈", "yao": "姚", "qian": "钱",
}  # fmt: skip
# Given-name syllables (pinyin) and a character for each.
CHINESE_SYLLABLES = {
    "wei": "伟", "fang": "芳", "min": "敏", "jing": "静", "li": "丽", "qiang": "强", "lei": "磊",
    "jun": "军", "yang": "洋", "yong": "勇", "yan": "艳", "jie": "杰", "tao": "涛", "ming": "明",
    "chao": "超", "xiu": "秀", "xia": "霞", "ping": "平", "gang": "刚", "hua": "华", "hui": "辉",
    "jian": "建", "guo": "国", "dong": "东", "hong": "红", "xin": "新", "bin": "斌", "bo": "波",
    "hai": "海", "long": "龙", "peng": "鹏", "feng": "峰", "kai": "凯", "hao": "浩", "yu": "宇",
    "zhi": "志", "cheng": "成", "xiao": "晓", "mei": "美", "ying": "英", "na": "娜",
    "qing": "庆", "zhong": "忠", "de": "德", "wen": "文", "rui": "瑞", "tian": "天",
    "shan": "山", "yun": "云", "lan": "兰", "xue": "雪", "chun": "春", "ning": "宁",
    "an": "安", "le": "乐", "zhen": "振", "hong2": "宏", "sheng": "胜", "bing": "兵",
}  # fmt: skip
KOREAN_FAMILY = """
Kim Gim
Lee Yi Ri Rhee
Park Pak Bak
Choi Choe
Jung Jeong Chong Jong
Kang Gang
Cho Jo
Yoon Yun
Jang Chang
Lim Im Rim
Han
Oh O
Shin Sin
Kwon Gwon
Hwang
Ahn An
Song
Ryu Ryoo
Hong
Jon Jeon Chon
Ko Go
Paek Baek
"""
KOREAN_SYLLABLES = [
    "Jong", "Un", "Il", "Song", "Chol", "Nam", "Su", "Hyon", "Yong", "Ho", "Myong", "Kuk",
    "Chang", "Hyok", "Kwang", "Sok", "Ju", "Hui", "Sun", "Yon", "Chun", "Min", "Jin", "Hyun",
    "Young", "Sung", "Woo", "Ji", "Eun", "Seung", "Dok", "Thae", "Ryong", "Gil", "Bong",
]  # fmt: skip
WESTERN_GIVEN = """
John
James
Robert
Michael
William
David
Richard
Joseph
Thomas
Charles
Daniel
Anthony
Mark
Paul
Steven Stephen
Andrew
Peter
George
Pierre
Jean
Michel
Hans
Klaus
Giuseppe
Marco
Carlos
Jose
Juan
Luis
Miguel
Antonio
Francisco
Manuel
Pedro
Mary
Elizabeth
Susan
Sophie
Claire
Angelo
Rodrigo
Nicolas Nicholas
"""
WESTERN_FAMILY = """
Smith
Johnson
Williams
Brown
Jones
Garcia
Miller
Davis
Rodriguez
Martinez
Hernandez
Lopez
Gonzalez Gonzales
Wilson
Anderson
Taylor
Moore
Martin
Jackson
Thompson
White
Harris
Clark
Lewis
Robinson
Walker
Muller Mueller
Schmidt
Schneider
Fischer
Weber
Meyer Meier
Dubois
Moreau
Laurent
Rossi
Russo
Ferrari
Esposito
Bianchi
Fernandez
Perez
Sanchez
Ramirez
Torres
Flores
Gomez
Diaz
Silva
Santos
Oliveira
Pereira
Costa
"""

# Arabic script for Arabic given and family names (family names take the article "ال").
ARABIC_SCRIPT = {
    "mohammed": "محمد", "ahmed": "أحمد", "ali": "علي", "hassan": "حسن", "hussein": "حسين",
    "mahmoud": "محمود", "abdullah": "عبد الله", "omar": "عمر", "osama": "أسامة",
    "khaled": "خالد", "youssef": "يوسف", "ibrahim": "إبراهيم", "mustafa": "مصطفى",
    "saeed": "سعيد", "jamal": "جمال", "tariq": "طارق", "nasser": "ناصر", "rashid": "راشد",
    "walid": "وليد", "faisal": "فيصل", "hamid": "حامد", "qasim": "قاسم", "salim": "سالم",
    "karim": "كريم", "majid": "ماجد", "ismail": "إسماعيل", "yasin": "ياسين", "anwar": "أنور",
    "bilal": "بلال", "hamza": "حمزة", "ayman": "أيمن", "zakaria": "زكريا",
    "suleiman": "سليمان", "adnan": "عدنان", "imad": "عماد", "ziad": "زياد", "nabil": "نبيل",
    "samir": "سمير", "hisham": "هشام", "raed": "رائد", "mansour": "منصور", "othman": "عثمان",
    "abbas": "عباس", "jaber": "جابر", "fawzi": "فوزي", "mounir": "منير", "riyad": "رياض",
    "sami": "سامي", "fatima": "فاطمة", "aisha": "عائشة", "mariam": "مريم", "zainab": "زينب",
    "layla": "ليلى",
    "tikriti": "تكريتي", "masri": "مصري", "baghdadi": "بغدادي", "zawahiri": "ظواهري",
    "qahtani": "قحطاني", "shammari": "شمري", "otaibi": "عتيبي", "harbi": "حربي",
    "ghamdi": "غامدي", "zahrani": "زهراني", "hashimi": "هاشمي", "ansari": "أنصاري",
    "khatib": "خطيب", "hakim": "حكيم", "haddad": "حداد", "hamdan": "حمدان", "najjar": "نجار",
    "halabi": "حلبي", "shami": "شامي", "darwish": "درويش", "barakat": "بركات", "azzam": "عزام",
    "sudani": "سوداني", "saadi": "سعدي", "sharif": "شريف", "kuwaiti": "كويتي", "yemeni": "يمني",
    "libi": "ليبي", "obeidi": "عبيدي", "jubouri": "جبوري", "dulaimi": "دليمي", "rawi": "راوي",
    "janabi": "جنابي", "hadrami": "حضرمي", "awlaki": "عولقي", "qurashi": "قرشي", "mahdi": "مهدي",
    "farsi": "فارسي", "bakri": "بكري", "tamimi": "تميمي",
}  # fmt: skip

# Organisations ------------------------------------------------------------------------------
RUSSIAN_ROOTS = [
    "Neft", "Gaz", "Prom", "Stroi", "Mash", "Energo", "Tekh", "Avia", "Khim", "Metal", "Snab",
    "Invest", "Servis", "Trans", "Agro", "Rus", "Sib", "Ural", "Volga", "Don", "Baltic",
    "Morflot", "Elektro", "Radio", "Pribor", "Opt", "Komplekt", "Resurs", "Ugol", "Les",
    "Sever", "Vostok", "Yug", "Kom", "Tsentr", "Stal", "Kabel", "Sintez", "Polimer", "Ross",
]  # fmt: skip
RUSSIAN_PLACES = [
    "Moskva", "Krasnodar", "Samara", "Stavropol", "Tomsk", "Omsk", "Novosibirsk", "Kazan",
    "Ufa", "Perm", "Tula", "Bryansk", "Kaluga", "Orenburg", "Saratov", "Volgograd", "Tver",
    "Yaroslavl", "Irkutsk", "Khabarovsk", "Murmansk", "Arkhangelsk", "Sochi", "Rostov",
]  # fmt: skip
RUSSIAN_NOUNS = [
    "Zavod", "Kombinat", "Elevator", "Bank", "Terminal", "Verf", "Instrument", "Tekhnologii",
    "Sistemy", "Resursy", "Proekt", "Montazh", "Ekspert", "Logistika", "Kapital", "Finans",
]  # fmt: skip
RUSSIAN_LEGAL = ["OOO", "AO", "OAO", "ZAO", "PAO", "JSC", "LLC"]
RUSSIAN_LONG_FORMS = {
    "OOO": "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU",
    "LLC": "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU",
    "AO": "AKTSIONERNOE OBSHCHESTVO",
    "JSC": "AKTSIONERNOE OBSHCHESTVO",
    "OAO": "OTKRYTOE AKTSIONERNOE OBSHCHESTVO",
    "ZAO": "ZAKRYTOE AKTSIONERNOE OBSHCHESTVO",
    "PAO": "PUBLICHNOE AKTSIONERNOE OBSHCHESTVO",
}
CHINESE_PLACES = [
    "Beijing", "Shanghai", "Shenzhen", "Guangzhou", "Tianjin", "Dalian", "Ningbo", "Xiamen",
    "Wuhan", "Chengdu", "Chongqing", "Hangzhou", "Nanjing", "Qingdao", "Harbin", "Shenyang",
    "Zhuhai", "Dongguan", "Hong Kong", "Suzhou", "Xian", "Changsha", "Jinan", "Fuzhou",
]  # fmt: skip
CHINESE_BRAND_SYLLABLES = [
    "hua", "xin", "zhong", "tong", "da", "tian", "hai", "long", "sheng", "feng", "kang", "tai",
    "heng", "jin", "yuan", "hong", "rui", "bo", "an", "ke", "xing", "chuang", "wei", "li",
    "mei", "ying", "guang", "fu", "de", "jia", "cheng", "ming", "yang", "bao", "rong", "xun",
]  # fmt: skip
SECTORS = [
    "Technology", "Electronics", "Trading", "Import and Export", "Industrial", "Machinery",
    "Shipping", "Investment", "Engineering", "Logistics", "Chemical", "Petrochemical",
    "Precision Instruments", "Aviation", "Marine Services", "Energy", "Metals", "Holding",
    "Optical", "Materials", "Software", "Telecommunications", "Pharmaceutical", "Mining",
]  # fmt: skip
CYRILLIC_LEGAL = {
    "OOO": "ООО", "LLC": "ООО", "AO": "АО", "JSC": "АО", "OAO": "ОАО", "ZAO": "ЗАО", "PAO": "ПАО",
}  # fmt: skip
IRANIAN_WORDS = [
    "Pars", "Kish", "Sepahan", "Arya", "Tose'e", "Sanat", "Pishgaman", "Farayand", "Mehr",
    "Saman", "Negin", "Rahbar", "Sina", "Kaveh", "Damavand", "Alborz", "Zagros", "Khazar",
    "Arvand", "Bandar", "Tabriz", "Shiraz", "Mashhad", "Karun", "Persia", "Hamrah", "Nasr",
    "Fajr", "Shahid", "Towhid", "Ghadir", "Kowsar", "Sadra", "Hirbod", "Behsaz", "Pouya",
]  # fmt: skip
IRANIAN_LEGAL = ["Company", "Co.", "PJS", "Private Joint Stock Company", "Ltd"]
ARABIC_ORG_WORDS = [
    "Noor", "Amal", "Baraka", "Rahma", "Furqan", "Hijra", "Wafa", "Aqsa", "Quds", "Khair",
    "Huda", "Salam", "Ihsan", "Manar", "Nahda", "Fajr", "Sham", "Rafidain", "Ittihad",
    "Tadamon", "Iman", "Haramain", "Rashid", "Nasr", "Yarmouk", "Jazeera", "Bayan", "Safa",
]  # fmt: skip
ARABIC_ORG_SECTORS = [
    "Trading", "Exchange", "Money Transfer", "Charity Foundation", "Contracting",
    "General Trading", "Real Estate", "Construction", "Oil Services", "Shipping", "Foundation",
]  # fmt: skip
ARABIC_LEGAL = ["LLC", "Company", "Est.", "Co.", "FZE", "W.L.L."]
WESTERN_LEGAL = ["Ltd", "GmbH", "S.A.", "Inc.", "Limited", "B.V.", "S.r.l.", "AG"]
VESSEL_WORDS = [
    "Ocean", "Star", "Pride", "Glory", "Sea", "Pearl", "Wave", "Sun", "Fortune", "Eagle",
    "Horizon", "Spirit", "Dragon", "Phoenix", "Lotus", "Jade", "Navigator", "Voyager",
    "Crystal", "Royal", "Golden", "Silver", "Blue", "Atlantic", "Pacific", "Coral", "Falcon",
    "Harmony", "Unity", "Victory", "Grace", "Hope", "Liberty", "Diamond", "Emerald", "Breeze",
]  # fmt: skip

# What the variant sets add to names --------------------------------------------------------
# Legal forms a query may carry; those the folding does not drop are reported apart.
ADDED_LEGAL_FORMS = [
    "Ltd", "LLC", "JSC", "OOO", "Co.", "(Pvt) Ltd", "Limited", "Co., Ltd.", "GmbH", "S.A.",
    "Inc.", "PJSC", "FZE", "Sdn Bhd", "Pte Ltd", "Joint Stock Company",
    "Limited Liability Company", "AO", "TOO", "A.S.", "Company Limited", "Corporation",
]  # fmt: skip
ADDED_HONORIFICS = [
    "Mr", "Mr.", "Mrs", "Dr.", "Prof.", "Sheikh", "Haji", "Mullah", "Maulana", "General",
    "Colonel", "Eng.", "Sayyid",
]  # fmt: skip

# Words of legal forms written out, taken off a held name before another form is added.
LEGAL_FORM_WORDS = frozenset(
    [
        *("joint", "stock", "private", "public", "open", "closed", "limited", "liability"),
        *("company", "co", "ltd", "corporation", "pjs", "pvt", "obshchestvo", "s"),
        *("ogranichennoi", "otvetstvennostyu", "aktsionernoe", "otkrytoe", "zakrytoe"),
        "publichnoe",
    ]
)

# Ordinary names that are on no list (the false-positive set).
FP_GIVEN = {
    "english": "Oliver Harry George Jack Charlie Thomas Oscar William James Henry Emily Olivia "
    "Amelia Isla Ava Jessica Lucy Grace Sophie Chloe Daniel Matthew Ryan Nathan Kevin Brian "
    "Jason Justin Brandon Tyler Megan Hannah Lauren Rachel Rebecca Laura Sarah Emma Katie",
    "european": "Lukas Leon Finn Jonas Felix Maximilian Hugo Louis Gabriel Arthur Jules "
    "Lorenzo Matteo Leonardo Alessandro Francesco Mateo Pablo Alejandro Javier Lucia Sofia "
    "Martina Giulia Chiara Camille Manon Ines Lea Clara Hanna Lena Marta Zofia Jakub Piotr "
    "Tomasz Katarzyna Agnieszka Lars Erik Anders Ingrid Astrid Sven Joao Tiago Beatriz",
    "asian": "Hiroshi Takashi Kenji Yuki Haruto Sota Yui Sakura Aoi Ren Minh Anh Thanh Hoa "
    "Linh Duc Tuan Rahul Amit Priya Anjali Vikram Sanjay Deepak Neha Pooja Arjun Ravi "
    "Somchai Niran Siti Nurul Budi Agus Dewi Rizal Jia Yi Hao Ran Zi Han Ji-woo Seo-yeon",
}
FP_FAMILY = {
    "english": "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright "
    "Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Patel Hughes Edwards "
    "Turner Cooper Harrison Ward Baker Hill Parker Morgan Bennett Cook Bailey Collins Murphy",
    "european": "Schmidt Schneider Fischer Weber Wagner Becker Hoffmann Schulz Koch Richter "
    "Klein Wolf Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Rossi "
    "Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Garcia Fernandez "
    "Gonzalez Rodriguez Lopez Martinez Sanchez Nowak Kowalski Wisniewski Jansen Visser "
    "Nilsson Larsson Hansen Andersen Novak Horvat",
    "asian": "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato "
    "Nguyen Tran Le Pham Hoang Vu Dang Bui Sharma Verma Gupta Singh Kumar Mehta Reddy Nair "
    "Iyer Rao Tan Lim Ng Wong Chan Goh Lee Kim Park Choi Santoso Wijaya Hidayat Sutanto",
}
FP_COMPANY_FIRST = (  # noqa: SIM905
    "Northwind Bluewater Redwood Greenfield Silverline Brightstar Clearview Highland Riverside "
    "Oakwood Maple Summit Pinnacle Evergreen Harbor Keystone Lakeside Meadow Granite Copper "
    "Ironbridge Westfield Eastgate Southport Northgate Crown Anchor Beacon Compass Crescent "
    "Heritage Liberty Landmark Premier Quantum Sterling Vertex Zenith Apex Nova Orbit Vista"
).split()
FP_COMPANY_WORDS = (  # noqa: SIM905
    "Consulting Solutions Services Partners Logistics Foods Bakery Textiles Furniture Motors "
    "Dental Clinic Pharmacy Software Digital Media Design Printing Packaging Plastics Paper "
    "Building Supplies Electrical Plumbing Travel Tours Hotels Properties Realty Insurance "
    "Accounting Legal Recruitment Marketing Fitness Farms Dairy Seafood Coffee Wines Garden"
).split()
FP_LEGAL = ["Ltd", "LLC", "Inc.", "GmbH", "S.A.", "B.V.", "Pty Ltd", "Co., Ltd.", "Limited", ""]


def groups(text: str) -> list[list[str]]:
    return [line.split() for line in text.strip().splitlines() if line.strip()]


# Scripts ------------------------------------------------------------------------------------
_TO_CYRILLIC = [
    ("shch", "щ"), ("sch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"),
    ("sh", "ш"), ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("iy", "ий"),
    ("ay", "ай"), ("ey", "ей"), ("oy", "ой"), ("uy", "уй"), ("ei", "ей"), ("ai", "ай"),
    ("oi", "ой"), ("ph", "ф"), ("th", "т"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"),
    ("j", "дж"), ("q", "к"), ("w", "в"), ("x", "кс"), ("y", "ы"),
]  # fmt: skip


def to_cyrillic(text: str) -> str:
    """A simple Latin -> Russian Cyrillic rendering, word by word, keeping the case style."""

    def word(w: str) -> str:
        lower = w.lower()
        out, i = [], 0
        while i < len(lower):
            if not lower[i].isalpha():
                out.append(lower[i])
                i += 1
                continue
            for latin, cyr in _TO_CYRILLIC:
                if lower.startswith(latin, i):
                    # "y" at the end after a consonant reads "iy" (Dmitry -> Дмитрий).
                    if latin == "y" and i == len(lower) - 1 and i > 0:
                        cyr = "ий"
                    elif latin == "y" and (i == 0 or lower[i - 1] in "aeiou"):
                        cyr = "й"
                    out.append(cyr)
                    i += len(latin)
                    break
            else:
                out.append(lower[i])
                i += 1
        result = "".join(out)
        if w.isupper() and len(w) > 1:
            return result.upper()
        if w[:1].isupper():
            return result[:1].upper() + result[1:]
        return result

    return re.sub(r"[A-Za-z]+", lambda m: word(m.group(0)), text)


_GERMAN = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
    "з": "s", "и": "i", "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch",
    "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja",
}  # fmt: skip
_FRENCH = {
    **_GERMAN,
    "в": "v", "ж": "j", "з": "z", "й": "i", "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch",
    "щ": "chtch", "у": "ou", "ю": "iou", "я": "ia", "ё": "io",
}  # fmt: skip
ROMANISATIONS = {"german": _GERMAN, "french": _FRENCH}


def from_cyrillic(text: str, scheme: str) -> str:
    """Cyrillic -> Latin by another scheme than the lists' (German or French style)."""
    table = ROMANISATIONS[scheme]
    out = []
    for ch in text:
        low = ch.lower()
        if low in table:
            latin = table[low]
            out.append(latin.capitalize() if ch != low and latin else latin)
        else:
            out.append(ch)
    return "".join(out)


def arabic_script(tokens: list[str]) -> str | None:
    """Arabic script for a name whose every token is in ARABIC_SCRIPT (the family name with
    its article, written joined); None otherwise."""
    words = []
    for token in tokens:
        base = token.lower()
        article = base.startswith("al-")
        base = base.removeprefix("al-")
        script = ARABIC_SCRIPT.get(base)
        if script is None:
            return None
        words.append("ال" + script if article else script)
    return " ".join(words)


def hanzi(family: str, given_syllables: list[str]) -> str | None:
    family_chars = CHINESE_HANZI.get(family.lower())
    given = [CHINESE_SYLLABLES.get(s.lower()) for s in given_syllables]
    if family_chars is None or None in given:
        return None
    return family_chars + "".join(given)


def is_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


# Real name parts ----------------------------------------------------------------------------
PARTICLES = {"al", "el", "bin", "ibn", "abu", "abd", "bint", "ould", "ben", "de", "van", "von"}
STOP = {"of", "the", "and", "for", "in", "de", "la", "du", "des", "a", "an", "on", "at", "to"}


def real_parts(names: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Given names, family names and organisation words from the real samples' names.

    ``names``: (entity kind, name) pairs. Persons written "FAMILY, Given" or "Given FAMILY"
    (family in capitals) give both; organisation names give their words, without legal forms
    and small words.
    """
    from sanctions_tracker.text import LEGAL_FORMS

    given, family, words = Counter(), Counter(), Counter()
    for kind, name in names:
        if not is_latin(name):
            continue
        if kind == "person":
            if "," in name:
                last, _, first = name.partition(",")
                fam_tokens, given_tokens = last.split(), first.split()
            else:
                tokens = name.split()
                if not any(t.isupper() for t in tokens) or all(t.isupper() for t in tokens):
                    continue
                fam_tokens = [t for t in tokens if t.isupper() and len(t) > 1]
                given_tokens = [t for t in tokens if not t.isupper()]
            for token in given_tokens:
                token = token.strip(".'\"()")
                if len(token) > 2 and token.isalpha() and token.lower() not in PARTICLES:
                    given[token.capitalize()] += 1
            for token in fam_tokens:
                token = token.strip(".'\"()")
                word = token.replace("-", "")
                if len(token) > 2 and word.isalpha() and token.lower() not in PARTICLES:
                    family[token.capitalize()] += 1
        else:
            for token in re.split(r"[^A-Za-z'-]+", name):
                token = token.strip("'-")
                low = token.lower()
                if len(token) > 3 and low not in LEGAL_FORMS and low not in STOP:
                    words[token.capitalize()] += 1
    return {
        "given": sorted(given),
        "family": sorted(family),
        "words": sorted(words),
    }


# Synthetic entities -------------------------------------------------------------------------
@dataclass
class Name:
    name: str
    kind: str = "primary"  # "primary" or an AliasKind value
    weak: bool = False
    script: str = ""
    role: str = "primary"  # how it was made: variant, reordered, short, acronym, native...


@dataclass
class Spec:
    """One synthetic entity and how its names were made (for the labelled queries)."""

    key: int
    kind: str  # person, company, organization, vessel
    culture: str
    country: str
    names: list[Name]
    given: list[str] = field(default_factory=list)  # persons: the given names, canonical
    middle: list[str] = field(default_factory=list)  # persons: middle names / patronymic
    family: list[str] = field(default_factory=list)  # persons: family name words
    family_first: bool = False  # Chinese and Korean order
    words: list[str] = field(default_factory=list)  # organisations: the name's own words
    legal: str = ""  # organisations: the legal form in the primary name
    birth_year: int | None = None
    hanzi: str = ""  # Chinese persons: the name in characters (held or not)
    arabic: str = ""  # Arabic persons: the name in Arabic script (held or not)


PERSON_CULTURES = [
    ("arabic", 30),
    ("persian", 13),
    ("russian", 25),
    ("chinese", 14),
    ("korean", 8),
    ("western", 10),
]
ORG_CULTURES = [("russian", 33), ("chinese", 27), ("iranian", 15), ("arabic", 13), ("western", 12)]
COUNTRIES = {
    "arabic": ["SY", "IQ", "LB", "YE", "SA", "AE", "LY", "SD", "JO", "EG"],
    "persian": ["IR"],
    "iranian": ["IR", "IR", "AE"],
    "russian": ["RU", "RU", "RU", "BY", "KZ"],
    "chinese": ["CN", "CN", "HK"],
    "korean": ["KP"],
    "western": ["GB", "DE", "FR", "IT", "ES", "US", "CY", "CH"],
}


class Pools:
    def __init__(self, real: dict[str, list[str]]):
        self.variants: dict[str, list[str]] = {}  # lower-case spelling -> its group
        self.arabic_given = self._load(ARABIC_GIVEN)
        self.arabic_family = self._load(ARABIC_FAMILY)
        self.persian_given = self._load(PERSIAN_GIVEN)
        self.persian_family = self._load(PERSIAN_FAMILY)
        self.russian_given_m = self._load(RUSSIAN_GIVEN_M)
        self.russian_given_f = self._load(RUSSIAN_GIVEN_F)
        self.russian_family = self._load(RUSSIAN_FAMILY)
        self.chinese_family = self._load(CHINESE_FAMILY)
        self.korean_family = self._load(KOREAN_FAMILY)
        self.western_given = self._load(WESTERN_GIVEN)
        self.western_family = self._load(WESTERN_FAMILY)
        # Real parts widen the Arabic/Persian/Western pools (they are mostly those).
        self.real_given = real["given"]
        self.real_family = real["family"]
        self.real_words = real["words"]

    def _load(self, text: str) -> list[str]:
        canonical = []
        for group in groups(text):
            canonical.append(group[0])
            for spelling in group:
                # A spelling in two groups (Hassan: Arabic and Persian) keeps the first.
                self.variants.setdefault(spelling.lower(), group)
        return canonical

    def spellings(self, word: str) -> list[str]:
        """Other spellings of a word (keeping its case style), [] if it has none."""
        group = self.variants.get(word.lower().removeprefix("al-"), [])
        if not group and re.search(r"[aeiou]ev(ich|na)$", word.lower()):
            # Sergeevich / Sergeyevich, as the lists write both.
            i = re.search(r"[aeiou]ev(ich|na)$", word.lower()).start() + 1
            group = [word, word[:i] + ("Y" if word.isupper() else "y") + word[i:]]
        prefix = "al-" if word.lower().startswith("al-") else ""
        out = []
        for other in group:
            if other.lower() == word.lower().removeprefix("al-"):
                continue
            text = prefix + other
            out.append(text.upper() if word.isupper() else text)
        return out


def _pick_given(rng: random.Random, pools: Pools, culture: str) -> str:
    if culture == "arabic":
        return (
            rng.choice(pools.real_given) if rng.random() < 0.2 else rng.choice(pools.arabic_given)
        )
    if culture == "persian":
        return rng.choice(pools.persian_given)
    if culture == "western":
        return rng.choice(pools.western_given)
    raise ValueError(culture)


def _person(rng: random.Random, pools: Pools, culture: str) -> dict:
    """The canonical parts of a person's name."""
    if culture == "arabic":
        given = [_pick_given(rng, pools, culture)]
        # Middle names: the father's (and grandfather's) given name.
        fathers = [g for g in pools.arabic_given if g not in ARABIC_FEMALE]
        middle = [rng.choice(fathers) for _ in range(rng.choice([0, 1, 1, 2]))]
        if rng.random() < 0.25:
            family = [rng.choice(pools.real_family)]
        else:
            family = [("al-" if rng.random() < 0.6 else "") + rng.choice(pools.arabic_family)]
        return {"given": given, "middle": middle, "family": family}
    if culture == "persian":
        given = [_pick_given(rng, pools, culture)]
        fathers = [g for g in pools.persian_given if g not in PERSIAN_FEMALE]
        middle = [rng.choice(fathers)] if rng.random() < 0.25 else []
        return {"given": given, "middle": middle, "family": [rng.choice(pools.persian_family)]}
    if culture == "russian":
        female = rng.random() < 0.25
        given = rng.choice(pools.russian_given_f if female else pools.russian_given_m)
        stem = RUSSIAN_PATRONYMIC[rng.choice(list(RUSSIAN_PATRONYMIC))]
        patronymic = stem + ("na" if female else "ich")
        family = rng.choice(pools.russian_family)
        if female and family[-2:] in ("ov", "ev", "in"):
            family += "a"
        middle = [patronymic] if rng.random() < 0.8 else []
        return {"given": [given], "middle": middle, "family": [family]}
    if culture == "chinese":
        syllables = list(CHINESE_SYLLABLES)
        given = [rng.choice(syllables).rstrip("2") for _ in range(rng.choice([1, 2, 2, 2]))]
        return {"given": given, "middle": [], "family": [rng.choice(pools.chinese_family)]}
    if culture == "korean":
        given = [rng.choice(KOREAN_SYLLABLES) for _ in range(2)]
        return {"given": given, "middle": [], "family": [rng.choice(pools.korean_family)]}
    if culture == "western":
        male = [g for g in pools.western_given if g not in WESTERN_FEMALE]
        middle = [rng.choice(male)] if rng.random() < 0.3 else []
        return {
            "given": [rng.choice(pools.western_given)],
            "middle": middle,
            "family": [rng.choice(pools.western_family)],
        }
    raise ValueError(culture)


def person_given_text(spec_or_parts, culture: str, joined: bool = True) -> str:
    """The given name as written: Chinese syllables joined (Xiaoming), Korean hyphenated."""
    given = spec_or_parts["given"] if isinstance(spec_or_parts, dict) else spec_or_parts.given
    if culture == "chinese":
        return "".join(given).capitalize() if joined else " ".join(g.capitalize() for g in given)
    if culture == "korean":
        return given[0] + "-" + given[1].lower() if joined else " ".join(given)
    return " ".join(given)


def render_person(parts: dict, culture: str, style: str) -> str:
    """style: "list" (FAMILY, Given Middle), "natural" (Given Middle FAMILY; family first
    for Chinese and Korean), "caps" (all capitals, natural order)."""
    given = person_given_text(parts, culture)
    middle = " ".join(parts["middle"])
    family = " ".join(parts["family"])
    first = " ".join(p for p in (given, middle) if p)
    if culture in ("chinese", "korean"):
        if style == "list":
            return f"{family.upper()}, {first}"
        text = f"{family.upper()} {first}"
        return text.upper() if style == "caps" else text
    if style == "list":
        return f"{family.upper()}, {first}"
    if style == "caps":
        return f"{first} {family}".upper()
    return f"{first} {family.upper()}"


def _acronym(words: list[str]) -> str:
    letters = [w[0] for w in " ".join(words).replace("-", " ").split() if w[:1].isalpha()]
    return "".join(letters).upper()


def _brand(rng: random.Random, syllables: list[str], count: int) -> str:
    return "".join(rng.choice(syllables) for _ in range(count)).capitalize()


def _org(rng: random.Random, pools: Pools, culture: str) -> dict:
    """An organisation's words (its own name, without the legal form), its legal form, and
    alternatives for aliases: a former name, a long legal form, a place-less form."""
    if culture == "russian":
        if rng.random() < 0.55:
            core = [_brand(rng, [r.lower() for r in RUSSIAN_ROOTS], rng.choice([2, 2, 3]))]
        elif rng.random() < 0.5:
            core = [rng.choice(RUSSIAN_PLACES), rng.choice(RUSSIAN_NOUNS)]
        else:
            core = [rng.choice(pools.real_words), rng.choice(RUSSIAN_NOUNS)]
        legal = rng.choice(RUSSIAN_LEGAL)
        return {"words": core, "legal": legal, "place": []}
    if culture == "chinese":
        place = [rng.choice(CHINESE_PLACES)] if rng.random() < 0.7 else []
        brand = _brand(rng, CHINESE_BRAND_SYLLABLES, 2)
        sector = rng.choice(SECTORS).split()
        return {"words": [*place, brand, *sector], "legal": "Co., Ltd.", "place": place}
    if culture == "iranian":
        words = [rng.choice(IRANIAN_WORDS)]
        if rng.random() < 0.5:
            words.append(rng.choice(IRANIAN_WORDS + pools.real_words))
        words += rng.choice(SECTORS).split()
        return {"words": words, "legal": rng.choice(IRANIAN_LEGAL), "place": []}
    if culture == "arabic":
        words = ["Al", rng.choice(ARABIC_ORG_WORDS)]
        if rng.random() < 0.3:
            words.append(rng.choice(pools.real_words))
        words += rng.choice(ARABIC_ORG_SECTORS).split()
        return {"words": words, "legal": rng.choice(ARABIC_LEGAL), "place": []}
    if culture == "western":
        if rng.random() < 0.5:
            first = [rng.choice(pools.western_family)]
        else:
            first = [rng.choice(pools.real_words)]
        words = [*first, *rng.choice(SECTORS).split()]
        return {"words": words, "legal": rng.choice(WESTERN_LEGAL), "place": []}
    raise ValueError(culture)


def render_org(words: list[str], legal: str, culture: str, style: str) -> str:
    core = " ".join(words)
    if culture == "russian":
        brand = core.upper()
        if style == "suffix":  # OFAC: "GAZPROM DOBYCHA, OOO"
            return f"{brand}, {legal}"
        return (
            f"{legal} {brand}"
            if legal in ("OOO", "AO", "OAO", "ZAO", "PAO")
            else (f"{brand} {legal}")
        )
    if style == "caps":
        return f"{core} {legal}".upper()
    return f"{core} {legal}"


class Generator:
    def __init__(self, rng: random.Random, pools: Pools):
        self.rng = rng
        self.pools = pools
        self.taken: set[str] = set()  # folded primary names, kept unique

    def entity(self, key: int) -> Spec:
        from sanctions_tracker.text import fold

        for _ in range(50):
            spec = self._entity(key)
            folded = fold(spec.names[0].name)
            if folded not in self.taken:
                self.taken.add(folded)
                return spec
        raise RuntimeError("could not find a new name")

    def _entity(self, key: int) -> Spec:
        rng = self.rng
        roll = rng.random()
        if roll < 0.55:
            return self._person_entity(key)
        if roll < 0.97:
            return self._org_entity(key)
        return self._vessel_entity(key)

    def _person_entity(self, key: int) -> Spec:
        rng, pools = self.rng, self.pools
        culture = rng.choices(*zip(*PERSON_CULTURES, strict=True))[0]
        parts = _person(rng, pools, culture)
        style = rng.choice(["list", "list", "natural", "caps"])
        primary = render_person(parts, culture, style)
        spec = Spec(
            key,
            "person",
            culture,
            rng.choice(COUNTRIES[culture]),
            [Name(primary)],
            given=parts["given"],
            middle=parts["middle"],
            family=parts["family"],
            family_first=culture in ("chinese", "korean"),
            birth_year=rng.randint(1940, 1995) if rng.random() < 0.8 else None,
        )
        if culture == "arabic":
            spec.arabic = arabic_script(parts["given"] + parts["middle"] + parts["family"]) or ""
        if culture == "chinese":
            spec.hanzi = hanzi(parts["family"][0], parts["given"]) or ""
        options = self._person_aliases(spec, parts, culture, style)
        for name in rng.sample(options, min(len(options), rng.choice([1, 2, 2, 3, 3]))):
            if all(name.name != n.name for n in spec.names):
                spec.names.append(name)
        return spec

    def _person_aliases(self, spec: Spec, parts: dict, culture: str, style: str) -> list[Name]:
        rng, pools = self.rng, self.pools
        options: list[Name] = []
        # A spelling variant of one or two words.
        tokens = parts["given"] + parts["middle"] + parts["family"]
        variable = [t for t in tokens if pools.spellings(t)]
        if variable and culture not in ("chinese", "korean"):
            changed = dict.fromkeys(rng.sample(variable, min(len(variable), rng.choice([1, 2]))))
            varied = {
                k: [rng.choice(pools.spellings(t)) if t in changed else t for t in parts[k]]
                for k in ("given", "middle", "family")
            }
            options.append(
                Name(
                    render_person(varied, culture, rng.choice(["list", "natural"])),
                    "aka",
                    role="variant",
                )
            )
        if culture in ("chinese", "korean"):
            family = parts["family"][0]
            others = pools.spellings(family)
            if others:  # Wade-Giles / Cantonese / McCune-Reischauer family name
                varied = {**parts, "family": [rng.choice(others)]}
                options.append(
                    Name(render_person(varied, culture, "natural"), "aka", role="variant")
                )
            spaced = f"{family} {person_given_text(parts, culture, joined=False)}"
            options.append(
                Name(spaced.upper() if rng.random() < 0.5 else spaced, "aka", role="spaced")
            )
        # Another order: natural order where the primary is "FAMILY, Given".
        other_style = "natural" if style in ("list", "caps") else "list"
        if culture in ("chinese", "korean"):
            # Western order: Given FAMILY.
            options.append(
                Name(
                    f"{person_given_text(parts, culture)} {parts['family'][0].upper()}",
                    "aka",
                    role="reordered",
                )
            )
        else:
            options.append(
                Name(render_person(parts, culture, other_style), "aka", role="reordered")
            )
        if parts["middle"]:
            short = {**parts, "middle": []}
            options.append(Name(render_person(short, culture, style), "aka", role="short"))
        if culture == "arabic" and rng.random() < 0.3:
            kunya = f"Abu {rng.choice(pools.arabic_given)}"
            options.append(Name(kunya, "aka", weak=True, role="kunya"))
        if culture == "arabic" and spec.arabic and rng.random() < 0.45:
            options.append(Name(spec.arabic, "native_script", script="Arab", role="native"))
        if culture == "russian" and rng.random() < 0.5:
            natural = render_person(parts, culture, "natural")
            cyr = to_cyrillic(" ".join(w.capitalize() for w in natural.split()))
            options.append(Name(cyr, "native_script", script="Cyrl", role="native"))
        if culture == "chinese" and spec.hanzi and rng.random() < 0.5:
            options.append(Name(spec.hanzi, "native_script", script="Hans", role="native"))
        if rng.random() < 0.05:  # a former name (married name, another family name)
            other = _person(rng, pools, culture)
            former = {**parts, "family": other["family"]}
            options.append(Name(render_person(former, culture, style), "fka", role="former"))
        return options

    def _org_entity(self, key: int) -> Spec:
        rng, pools = self.rng, self.pools
        culture = rng.choices(*zip(*ORG_CULTURES, strict=True))[0]
        org = _org(rng, pools, culture)
        style = rng.choice(["suffix", "plain", "caps"])
        kind = rng.choice(["company", "company", "company", "organization"])
        primary = render_org(org["words"], org["legal"], culture, style)
        spec = Spec(
            key,
            kind,
            culture,
            rng.choice(COUNTRIES[culture]),
            [Name(primary)],
            words=org["words"],
            legal=org["legal"],
        )
        options: list[Name] = []
        words = org["words"]
        options.append(Name(" ".join(words).upper(), "aka", role="no_legal"))
        if org["place"]:
            rest = [w for w in words if w not in org["place"]]
            options.append(Name(f"{' '.join(rest)} {org['legal']}", "aka", role="no_place"))
        if len(words) >= 2:
            acronym = _acronym(words)
            if len(acronym) >= 3:
                options.append(Name(acronym, "aka", weak=True, role="acronym"))
        if culture == "russian":
            long_form = RUSSIAN_LONG_FORMS[org["legal"]]
            options.append(
                Name(f"{long_form} '{' '.join(words).upper()}'", "aka", role="long_form")
            )
            if rng.random() < 0.5:
                legal_cyr = to_cyrillic(org["legal"]).upper()
                cyr = to_cyrillic(" ".join(w.capitalize() for w in words))
                options.append(
                    Name(f"{legal_cyr} «{cyr}»", "native_script", script="Cyrl", role="native")
                )
        if culture == "iranian":
            options.append(Name(f"Sherkat-e {' '.join(words)}", "aka", role="local_form"))
        if rng.random() < 0.12:
            former = _org(rng, pools, culture)
            options.append(
                Name(
                    render_org(former["words"], former["legal"], culture, style),
                    "fka",
                    role="former",
                )
            )
        for name in rng.sample(options, min(len(options), rng.choice([1, 2, 2, 3, 3]))):
            if all(name.name != n.name for n in spec.names):
                spec.names.append(name)
        return spec

    def _vessel_entity(self, key: int) -> Spec:
        rng = self.rng
        words = rng.sample(VESSEL_WORDS, 2)
        if rng.random() < 0.3:
            words.append(str(rng.randint(1, 9)))
        spec = Spec(
            key,
            "vessel",
            "vessel",
            rng.choice(["PA", "LR", "MH", "KM", "IR", "KP"]),
            [Name(" ".join(words).upper())],
            words=words,
        )
        for _ in range(rng.choice([1, 2, 2, 3])):
            former = rng.sample(VESSEL_WORDS, 2)
            spec.names.append(Name(" ".join(former).upper(), "fka", role="former"))
        return spec


def generate(count: int, seed: int, real: dict[str, list[str]]) -> list[Spec]:
    rng = random.Random(seed)
    generator = Generator(rng, Pools(real))
    return [generator.entity(key) for key in range(count)]


# Writing ------------------------------------------------------------------------------------
BLOCK = 5000


def insert(specs: list[Spec]) -> dict[int, int]:
    """bulk_create the entities, aliases, countries and birth years; return key -> entity id."""
    from django.db import transaction

    from entities.models import Alias, Entity, EntityCountry, EntityDate
    from importer.writer import date_columns
    from sanctions_tracker.partial_dates import PartialDate
    from sanctions_tracker.text import fold

    ids: dict[int, int] = {}
    roles = {"person": "nationality", "vessel": "flag"}
    for start in range(0, len(specs), BLOCK):
        block = specs[start : start + BLOCK]
        with transaction.atomic():
            entities = [
                Entity(kind=s.kind, name=s.names[0].name, name_folded=fold(s.names[0].name))
                for s in block
            ]
            Entity.objects.bulk_create(entities, batch_size=1000)
            aliases, countries, dates = [], [], []
            for spec, entity in zip(block, entities, strict=True):
                ids[spec.key] = entity.pk
                seen = set()
                for name in spec.names[1:]:
                    if (name.name, name.kind) in seen:
                        continue
                    seen.add((name.name, name.kind))
                    aliases.append(
                        Alias(
                            entity=entity,
                            name=name.name,
                            name_folded=fold(name.name),
                            kind=name.kind,
                            is_weak=name.weak,
                            script=name.script,
                        )
                    )
                countries.append(
                    EntityCountry(
                        entity=entity,
                        country=spec.country,
                        role=roles.get(spec.kind, "located_in"),
                    )
                )
                if spec.birth_year:
                    dates.append(
                        EntityDate(
                            entity=entity,
                            kind="birth",
                            approximate=False,
                            **date_columns("date", PartialDate.of_year(spec.birth_year)),
                        )
                    )
            Alias.objects.bulk_create(aliases, batch_size=1000)
            EntityCountry.objects.bulk_create(countries, batch_size=1000)
            EntityDate.objects.bulk_create(dates, batch_size=1000)
    return ids


@dataclass
class Held:
    """Every name held, as the benchmark's labels see them."""

    names: list[tuple[int, str, str, bool, str]]  # entity id, name, kind, weak, entity kind
    by_folded: dict[str, set[int]]  # folded name -> the entities holding it
    entity_kind: dict[int, str]
    primary: dict[int, str]


def held_names() -> Held:
    from entities.models import Alias, Entity
    from sanctions_tracker.text import fold

    names = []
    entity_kind, primary = {}, {}
    for pk, kind, name in Entity.objects.values_list("pk", "kind", "name"):
        names.append((pk, name, "primary", False, kind))
        entity_kind[pk] = kind
        primary[pk] = name
    for entity_id, name, kind, weak in Alias.objects.values_list(
        "entity_id", "name", "kind", "is_weak"
    ):
        names.append((entity_id, name, kind, weak, entity_kind[entity_id]))
    # The databases return rows in their own collation order: sort, so that a seed makes the
    # same labelled sets on SQLite and PostgreSQL.
    names.sort(key=lambda n: (n[1], n[2], n[0]))
    by_folded: dict[str, set[int]] = defaultdict(set)
    for entity_id, name, *_ in names:
        by_folded[fold(name)].add(entity_id)
    return Held(names, dict(by_folded), entity_kind, primary)


# Labelled query sets ------------------------------------------------------------------------
@dataclass
class Query:
    set: str  # a_exact, b_typo, c_translit, d_reordered, e_legal, f_middle, g_ordinary
    sub: str  # a subdivision of the set (edit count, scheme, added word...)
    name: str
    expected: int | None  # the entity it should find (None: on no list)
    source: str = ""  # the held name it was made from

    def as_dict(self) -> dict:
        return self.__dict__.copy()


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(word: str, rng: random.Random, edits: int) -> str:
    """``edits`` random one-character edits (substitute, delete, insert, swap) in a word."""
    for _ in range(edits):
        chars = list(word)
        op = rng.choice(["sub", "del", "ins", "swap"]) if len(chars) > 3 else "sub"
        # Rarely the first letter (one time in ten).
        i = 0 if len(chars) == 1 or rng.random() < 0.1 else rng.randrange(1, len(chars))
        letter = rng.choice(_LETTERS)
        upper = word.isupper()
        if upper:
            letter = letter.upper()
        if op == "sub":
            chars[i] = letter if letter.lower() != chars[i].lower() else chr(ord(letter) + 1)
        elif op == "del":
            del chars[i]
        elif op == "ins":
            chars.insert(i, letter)
        elif i < len(chars) - 1 and chars[i] != chars[i + 1]:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars[i] = letter
        word = "".join(chars)
    return word


class Labeller:
    def __init__(
        self, held: Held, specs: list[Spec], ids: dict[int, int], pools: Pools, rng: random.Random
    ):
        from sanctions_tracker.text import fold

        self.fold = fold
        self.held = held
        self.specs = specs
        self.ids = ids
        self.pools = pools
        self.rng = rng
        self.loose_holders: dict[tuple, set[int]] = defaultdict(set)
        self.raw_of: dict[int, set[str]] = defaultdict(set)
        for entity_id, name, *_ in held.names:
            self.loose_holders[self.loose(name)].add(entity_id)
            self.raw_of[entity_id].add(" ".join(name.lower().split()))
        self.skipped = Counter()

    def loose(self, text: str) -> tuple[str, ...]:
        """A name up to order, case, accents, "al"/"el" and spelling variants."""
        tokens = [t for t in self.fold(text).split() if t not in ("al", "el")]
        return tuple(sorted(self.pools.variants.get(t, [t])[0].lower() for t in tokens))

    def usable(
        self,
        query: str,
        expected: int,
        source: str = "",
        *,
        may_be_held: bool = False,
        as_written: bool = False,
    ) -> bool:
        """Not held by another entity, even up to order, spelling variants and "al" (then
        the query has two right answers); and for variant sets not one of the expected
        entity's own names (that would be an exact match, not a variant): once folded, or
        with ``as_written`` (for added legal forms and titles, which folding is meant to
        drop) as written, case aside."""
        folded = self.fold(query)
        if not folded:
            return False
        holders = self.held.by_folded.get(folded, set())
        if holders - {expected}:
            self.skipped["held by another entity"] += 1
            return False
        loose = self.loose_holders.get(self.loose(query), set())
        if source:
            loose = loose | self.loose_holders.get(self.loose(source), set())
        if loose - {expected}:
            self.skipped["another entity holds it up to order, spelling and al-"] += 1
            return False
        if as_written:
            if " ".join(query.lower().split()) in self.raw_of[expected]:
                self.skipped["already one of its names"] += 1
                return False
        elif not may_be_held and expected in holders:
            self.skipped["already one of its names"] += 1
            return False
        return True

    # (a)
    def exact(self, count: int) -> list[Query]:
        names = self.rng.sample(self.held.names, min(count * 2, len(self.held.names)))
        out = []
        for entity_id, name, kind, weak, _ in names:
            if len(out) >= count:
                break
            if not self.usable(name, entity_id, name, may_be_held=True):
                continue
            sub = (
                "weak alias"
                if weak
                else (
                    "native script"
                    if kind == "native_script"
                    else ("primary" if kind == "primary" else "alias")
                )
            )
            out.append(Query("a_exact", sub, name, entity_id, name))
        return out

    # (b)
    def typos(self, count: int) -> list[Query]:
        latin = [n for n in self.held.names if not n[3] and is_latin(n[1])]
        out = []
        while len(out) < count:
            entity_id, name, *_ = self.rng.choice(latin)
            words = [w for w in re.findall(r"[A-Za-z]+", name) if len(w) >= 4]
            words = [w for w in words if w.lower() not in _legal_words()]
            if not words:
                continue
            edits = self.rng.choice([1, 2])
            word = self.rng.choice(words)
            changed = typo(word, self.rng, edits)
            query = re.sub(rf"\b{word}\b", changed, name, count=1)
            if changed.lower() == word.lower() or not self.usable(query, entity_id, name):
                continue
            long = "word of 4-6 letters" if len(word) <= 6 else "word of 7+ letters"
            out.append(
                Query("b_typo", f"{edits} edit{'s' * (edits > 1)}, {long}", query, entity_id, name)
            )
        return out

    # (c)
    def transliterations(self, per_kind: int) -> list[Query]:
        rng, out = self.rng, []
        specs = [s for s in self.specs if s.key in self.ids]
        persons = [s for s in specs if s.kind == "person"]
        held_scripts = {
            s.key: {n.script for n in s.names if n.kind == "native_script"} for s in specs
        }

        def add(sub: str, query: str, spec: Spec, source: str) -> bool:
            entity_id = self.ids[spec.key]
            if self.usable(query, entity_id, source):
                out.append(Query("c_translit", sub, query, entity_id, source))
                return True
            return False

        # Latin -> Cyrillic, of names that the list holds in Latin only (organisations
        # without their legal form, Russian ones with the Russian form in Cyrillic).
        pool = [s for s in specs if "Cyrl" not in held_scripts[s.key] and s.kind != "vessel"]
        made: Counter = Counter()
        for spec in rng.sample(pool, len(pool)):
            russian = spec.culture == "russian"
            sub = f"Latin -> Cyrillic, {'Russian' if russian else 'other'} names"
            if made[sub] >= per_kind // 2:
                continue
            source = spec.names[0].name
            if spec.kind == "person":
                query = to_cyrillic(source)
            else:
                query = to_cyrillic(" ".join(w.capitalize() for w in spec.words))
                if russian:
                    query = f"{CYRILLIC_LEGAL[spec.legal]} «{query}»"
            made[sub] += add(sub, query, spec, source)
        # Cyrillic held -> Latin by another scheme (German, French).
        pool = [s for s in specs if "Cyrl" in held_scripts[s.key]]
        for spec in rng.sample(pool, min(per_kind, len(pool))):
            cyr = next(n.name for n in spec.names if n.script == "Cyrl")
            scheme = rng.choice(list(ROMANISATIONS))
            add(f"Cyrillic -> Latin, {scheme} style", from_cyrillic(cyr, scheme), spec, cyr)
        # Latin -> Arabic script, of Arabic names held in Latin only.
        pool = [s for s in persons if s.arabic and "Arab" not in held_scripts[s.key]]
        for spec in rng.sample(pool, min(per_kind, len(pool))):
            add("Latin -> Arabic script", spec.arabic, spec, spec.names[0].name)
        # Latin -> Chinese characters, of Chinese names held in pinyin only.
        pool = [s for s in persons if s.hanzi and "Hans" not in held_scripts[s.key]]
        for spec in rng.sample(pool, min(per_kind, len(pool))):
            add("Latin -> Chinese characters", spec.hanzi, spec, spec.names[0].name)
        # Spelling variants: every word that has other spellings takes another one.
        pool = [
            s
            for s in persons
            if any(self.pools.spellings(t) for t in s.given + s.middle + s.family)
        ]
        by_culture: Counter = Counter()
        for spec in rng.sample(pool, len(pool)):
            culture = spec.culture
            if by_culture[culture] >= per_kind // 3:
                continue
            parts = {
                k: [
                    rng.choice(self.pools.spellings(t)) if self.pools.spellings(t) else t
                    for t in getattr(spec, k)
                ]
                for k in ("given", "middle", "family")
            }
            query = render_person(parts, culture, rng.choice(["natural", "list"]))
            if add(f"spelling variants, {culture}", query, spec, spec.names[0].name):
                by_culture[culture] += 1
        return out

    # (d)
    def reordered(self, count: int) -> list[Query]:
        rng, out = self.rng, []
        specs = [s for s in self.specs if s.key in self.ids and s.kind != "vessel"]
        for spec in rng.sample(specs, len(specs)):
            if len(out) >= count:
                break
            if spec.kind == "person":
                given = person_given_text(spec.__dict__, spec.culture)
                words = [*given.split(), *spec.middle, *spec.family]
                if len(words) < 2:
                    continue
                how = rng.choice(["family last -> first", "reversed", "shuffled"])
                if how == "family last -> first":
                    # Natural order has the family name last (first for Chinese/Korean).
                    order = spec.family + [w for w in words if w not in spec.family]
                    if spec.family_first:
                        order = [w for w in words if w not in spec.family] + spec.family
                elif how == "reversed":
                    order = words[::-1]
                else:
                    order = words[:]
                    while order == words and len(words) > 1:
                        rng.shuffle(order)
                query = " ".join(order)
                sub = f"person, {how}"
            else:
                words = spec.words[:]
                if len(words) < 2:
                    continue
                i = rng.randrange(len(words) - 1)
                words[i], words[i + 1] = words[i + 1], words[i]
                query = " ".join(words)
                if spec.legal:
                    query += f" {spec.legal}"
                sub = "organisation, two words swapped"
            if self.usable(query, self.ids[spec.key], spec.names[0].name):
                out.append(Query("d_reordered", sub, query, self.ids[spec.key], spec.names[0].name))
        return out

    # (e)
    def legal_forms(self, count: int) -> list[Query]:
        from sanctions_tracker.text import LEGAL_FORMS

        rng, out = self.rng, []
        names = [n for n in self.held.names if not n[3] and is_latin(n[1])]
        while len(out) < count:
            entity_id, name, _, _, kind = rng.choice(names)
            if kind == "person":
                word = rng.choice(ADDED_HONORIFICS)
                query = f"{word} {name}"
                sub = f"honorific {word}"
            elif kind in ("company", "organization"):
                word = rng.choice(ADDED_LEGAL_FORMS)
                # Take the held legal form off (also written out: Private Joint Stock
                # Company), put another one on.
                strip = LEGAL_FORMS | LEGAL_FORM_WORDS
                words = name.replace(",", " ").split()
                while words and words[-1].lower().strip(".()'") in strip:
                    words.pop()
                while words and words[0].lower().strip(".()'") in strip:
                    words.pop(0)
                if not words:
                    continue
                query = f"{' '.join(words)} {word}"
                sub = f"legal form {word}"
            else:
                continue
            if self.usable(query, entity_id, name, as_written=True):
                out.append(Query("e_legal", sub, query, entity_id, name))
        return out

    # (f)
    def dropped_middle(self, count: int) -> list[Query]:
        rng, out = self.rng, []
        specs = [s for s in self.specs if s.key in self.ids and s.kind == "person" and s.middle]
        for spec in rng.sample(specs, len(specs)):
            if len(out) >= count:
                break
            kept = {**spec.__dict__, "middle": []}
            how = "all middle names dropped"
            if len(spec.middle) > 1 and rng.random() < 0.5:
                kept["middle"] = [rng.choice(spec.middle)]
                how = "one of two middle names dropped"
            query = render_person(kept, spec.culture, rng.choice(["natural", "list"]))
            if self.usable(query, self.ids[spec.key], spec.names[0].name):
                out.append(
                    Query(
                        "f_middle",
                        f"{spec.culture}, {how}",
                        query,
                        self.ids[spec.key],
                        spec.names[0].name,
                    )
                )
        return out

    # (g)
    def ordinary(self, count: int) -> list[Query]:
        rng, out = self.rng, []
        given = {k: v.split() for k, v in FP_GIVEN.items()}
        family = {k: v.split() for k, v in FP_FAMILY.items()}
        made: set[str] = set()
        while len(out) < count:
            roll = rng.random()
            if roll < 0.6:
                origin = rng.choice(list(given))
                name = f"{rng.choice(given[origin])} {rng.choice(family[origin])}"
                if rng.random() < 0.2:
                    name = f"{rng.choice(given[origin])} {name}"
                sub = f"person, {origin}"
            else:
                first = rng.choice(
                    FP_COMPANY_FIRST if rng.random() < 0.6 else family[rng.choice(list(family))]
                )
                words = rng.sample(FP_COMPANY_WORDS, rng.choice([1, 1, 2]))
                name = " ".join([first, *words, rng.choice(FP_LEGAL)]).strip()
                sub = "company"
            if self.fold(name) in self.held.by_folded or self.loose(name) in self.loose_holders:
                self.skipped["ordinary name held"] += 1
                continue
            if self.fold(name) in made:
                continue
            made.add(self.fold(name))
            out.append(Query("g_ordinary", sub, name, None, ""))
        return out


_LEGAL_CACHE: set[str] = set()


def _legal_words() -> set[str]:
    if not _LEGAL_CACHE:
        from sanctions_tracker.text import HONORIFICS, LEGAL_FORMS

        _LEGAL_CACHE.update(LEGAL_FORMS | HONORIFICS)
    return _LEGAL_CACHE


SET_SIZES = {
    "a_exact": 3000,
    "b_typo": 2000,
    "c_translit": 400,  # per kind of transliteration (5 kinds + spelling variants)
    "d_reordered": 1000,
    "e_legal": 1000,
    "f_middle": 1000,
    "g_ordinary": 3000,
}


def labelled_sets(specs, ids, real, seed: int, scale: float = 1.0) -> tuple[list[Query], dict]:
    held = held_names()
    rng = random.Random(seed + 1)
    labeller = Labeller(held, specs, ids, Pools(real), rng)

    def n(key):
        return max(10, int(SET_SIZES[key] * scale))

    queries = [
        *labeller.exact(n("a_exact")),
        *labeller.typos(n("b_typo")),
        *labeller.transliterations(n("c_translit")),
        *labeller.reordered(n("d_reordered")),
        *labeller.legal_forms(n("e_legal")),
        *labeller.dropped_middle(n("f_middle")),
        *labeller.ordinary(n("g_ordinary")),
    ]
    return queries, dict(labeller.skipped)
