// SPDX-License-Identifier: GPL-3.0
/*
    Copyright 2021 0KIMS association.

    This file is generated with [snarkJS](https://github.com/iden3/snarkjs).

    snarkJS is a free software: you can redistribute it and/or modify it
    under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.

    snarkJS is distributed in the hope that it will be useful, but WITHOUT
    ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
    or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public
    License for more details.

    You should have received a copy of the GNU General Public License
    along with snarkJS. If not, see <https://www.gnu.org/licenses/>.
*/

pragma solidity >=0.7.0 <0.9.0;

contract ReceiptBatchVerifier {
    // Scalar field size
    uint256 constant r    = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    // Base field size
    uint256 constant q   = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    // Verification Key data
    uint256 constant alphax  = 1571449633450049924416811401835334505457386566071800591102618651525607140197;
    uint256 constant alphay  = 16356112206227128169808999808839001630554389422236511450637872197983666083985;
    uint256 constant betax1  = 14730432883888084420691794478482455811002204356294029852433188492128662995027;
    uint256 constant betax2  = 18540616599217604440619652692814994229093292299097117608051993908850916740338;
    uint256 constant betay1  = 12945413194560043810744657610652606474333179259027029998491633904814577090948;
    uint256 constant betay2  = 11080749119518756750200685013032836178664342470268160659772450304870735007814;
    uint256 constant gammax1 = 11559732032986387107991004021392285783925812861821192530917403151452391805634;
    uint256 constant gammax2 = 10857046999023057135944570762232829481370756359578518086990519993285655852781;
    uint256 constant gammay1 = 4082367875863433681332203403145435568316851327593401208105741076214120093531;
    uint256 constant gammay2 = 8495653923123431417604973247489272438418190587263600148770280649306958101930;
    uint256 constant deltax1 = 7961883292511456150428052035112035906063026355074981447195204883656591637693;
    uint256 constant deltax2 = 16541968274001680073508412954531274040766465468600761783332590404900165849654;
    uint256 constant deltay1 = 18176341813857696427748834819519598298666407351663036835466483300164820187960;
    uint256 constant deltay2 = 3568478500423859272535981145713231363440825789606045276226295712526024396167;

    
    uint256 constant IC0x = 4486594222877046508212259651853127473021231092129212108258417618282482630266;
    uint256 constant IC0y = 1772579048474940297923438613591548918266664207354518400436402726987580663782;
    
    uint256 constant IC1x = 7566235924230821419710995143801641936018399337607067526207310681002817647718;
    uint256 constant IC1y = 10753655159390467649449569695502554575475045726853751537822480684685706026155;
    
    uint256 constant IC2x = 2652092141127948611116952060362114884254537557015525460742030607073574571788;
    uint256 constant IC2y = 21741888686193504557869062841785464200591069822748807688890181883007499983263;
    
    uint256 constant IC3x = 17933323124662043878723615794420470262970975566194986847194702418451968107032;
    uint256 constant IC3y = 4845971852397885756178141224969797070726243783160135211681812631583009517354;
    
    uint256 constant IC4x = 18228876630871656771794288159949037285710623151459861937124081812343737507197;
    uint256 constant IC4y = 10877184445955730111741042764929011182409060357331708048309828574991363406411;
    
    uint256 constant IC5x = 11900876897271214694614160432709288693069671121826983798415220837669887675026;
    uint256 constant IC5y = 6134585284407861274274058420305071275413904697425288601527287387687480141374;
    
    uint256 constant IC6x = 19632117097747878320062828918096989665883734919521802461738577378023125829410;
    uint256 constant IC6y = 6969245002857221293991187471965418234709216966213200792145877698451433169712;
    
    uint256 constant IC7x = 1996536417230254111021468120848117364129770725302893504063888944528310011311;
    uint256 constant IC7y = 6661757474946096908584912209321330578040505541242910701134506436847130605764;
    
    uint256 constant IC8x = 19006641076641410712344775917592587443483214850820621978442373231368690245768;
    uint256 constant IC8y = 17093919573476634679035186595100006479036426140344089948418903854579715743927;
    
    uint256 constant IC9x = 4797607334611714034953846633131150454917326116005072819455730519398591528496;
    uint256 constant IC9y = 7553640806146510624276056206209782283839287441834426116759804030074632748092;
    
    uint256 constant IC10x = 18064913867171628378809618143990853219269241578000054018441931967249264642016;
    uint256 constant IC10y = 6262597219160081959186623789157597666618494998201272889290259521099941608756;
    
    uint256 constant IC11x = 108821261453637418123014415458558199918403521222688254479967457538169853320;
    uint256 constant IC11y = 7125447232734041586265414046711149594994412573109871697389043232288207523580;
    
    uint256 constant IC12x = 17396091103893530845935791806816857937635517542566772529168028614713524462093;
    uint256 constant IC12y = 206443811689940780927127914255123475927280920005556370374169672208483614888;
    
    uint256 constant IC13x = 18780963340356127630691172541977502198979656392776794425007188506790384206420;
    uint256 constant IC13y = 14024465260244348263963754408135839976866437261935539583772949661302860449076;
    
    uint256 constant IC14x = 6282924225828188024452897153990081494363284448900613575106347987001056528923;
    uint256 constant IC14y = 3790418024180202240972913378950127509392577686372943345796122093551777096564;
    
    uint256 constant IC15x = 11240575807465465901043784971564563759461829019072367093172938646789349137559;
    uint256 constant IC15y = 12198461556562562125858832951511908330056990694319948647608147701727930385385;
    
    uint256 constant IC16x = 14114824156481077692540597642303039128956339438634111008957635471991750037571;
    uint256 constant IC16y = 1268569013833109984149504959433356954233384379070840593171170125505195649121;
    
    uint256 constant IC17x = 7216027400113422597026075871331134911949280497920982538556785066291988383937;
    uint256 constant IC17y = 5747636140200050802301584140215273874989992173574018735039244243452311325855;
    
    uint256 constant IC18x = 3823998058116717691408989876957709171370079524731729807875457100781586659174;
    uint256 constant IC18y = 9047295353889622002225571171402173879560952459148620315233968667765217912413;
    
    uint256 constant IC19x = 7820924445049486450853279371038271982690823722044128532698309985653340278064;
    uint256 constant IC19y = 12262245108073045239519071739285272479716822711020172442606746193825149699294;
    
    uint256 constant IC20x = 5160117974049575730774491550071516102830884346412981261794868537452530068862;
    uint256 constant IC20y = 15615906533082603299421394646361554511667614610863708970877496059154898228869;
    
    uint256 constant IC21x = 12532863506112305602674950165449776431727626255614163198777922850842154214595;
    uint256 constant IC21y = 5375707010625726974321426646198193796626114020348970302642257759658651367116;
    
    uint256 constant IC22x = 6131288210239764560558968841019773785684846474870684523921523276899912285735;
    uint256 constant IC22y = 9848513721192801908074171606537748111427847716281811456739842018242774436829;
    
    uint256 constant IC23x = 3525279871086504641771418300719694201613803193443133111181335095548126962925;
    uint256 constant IC23y = 6734109830942986748565070825422853369040516608790932543967562557569090507810;
    
    uint256 constant IC24x = 20232995827859017374866847630267805445862437421131681293358476849286253175778;
    uint256 constant IC24y = 14304221563824727963972659999607378821322117431537598067693426748624409071048;
    
    uint256 constant IC25x = 14004543059614351973667916996867727832059491802135950703369128631527372218658;
    uint256 constant IC25y = 5755148025905884953460829518888668511195329682378922794952448393366233577777;
    
    uint256 constant IC26x = 206098083143534232544179444721082457308701386329281770158241041564580551671;
    uint256 constant IC26y = 583557119228372706263691470275196851175656980787311789953975283671197446289;
    
    uint256 constant IC27x = 1142250173793457808025717232100143044477850554353425158243083904608896768041;
    uint256 constant IC27y = 13945319722188355728905790417072875375671314227764505080323569245306254268233;
    
    uint256 constant IC28x = 9231047533199617370020552610996354336424462715053332964424684254001392536892;
    uint256 constant IC28y = 9031095496829631603851937750962125236145713357386034246718729910753017344588;
    
    uint256 constant IC29x = 17805813449377207097987288356111363915148356465734105987457600661034538729735;
    uint256 constant IC29y = 15746712191548168021988433118741375413786539106669724257913660462541354001290;
    
    uint256 constant IC30x = 7520485587145727072896109020329869816718625781375247011353583652744334845947;
    uint256 constant IC30y = 197661369898587461470346807750240194226998772824615504170728709143725838215;
    
    uint256 constant IC31x = 14184339943956593462535309192164710862304180213743916518181742992149382655608;
    uint256 constant IC31y = 3679294729465900066040323197808664997966050301527630929325951424847329060765;
    
    uint256 constant IC32x = 7367345071051768759808928442236981173319296630747307591884208633278931901866;
    uint256 constant IC32y = 2906953496895823702251700222174293239911860039857189183450560111538194811717;
    
    uint256 constant IC33x = 18216805752044435255452404333414592433980594469856517418005546063516081934364;
    uint256 constant IC33y = 3260716798643752767469872452849629228067446823376463788467452246064833202840;
    
    uint256 constant IC34x = 778792996268609410601281771762305911792114316884356402685580437646918209652;
    uint256 constant IC34y = 17320462806261090626382107305629261565936884971360614372497312404610091913723;
    
    uint256 constant IC35x = 11478813112777158488810410882216456537609490096832452069523063814166615770996;
    uint256 constant IC35y = 11594387725968788636928889935182044381244688167076846791684624789751614883917;
    
    uint256 constant IC36x = 8218788859453805727615596641532460810541287349949792215242933035645686070016;
    uint256 constant IC36y = 9413199804583038042471624726271125494440581544082389703036913906139784731287;
    
    uint256 constant IC37x = 8356363415005637511017586266827553226052157675474940763478776970516454030365;
    uint256 constant IC37y = 8846055456235628294309838718434470071776475601642774249308973934750054853859;
    
    uint256 constant IC38x = 8140350374433202038432492801632984810116167350209024509473084176577257653880;
    uint256 constant IC38y = 19626938924237963149803748988584370636004909157913182163753455362302764154017;
    
    uint256 constant IC39x = 18896250829329049999076736319976276888822577265059603190835544913826677472205;
    uint256 constant IC39y = 5447301611928077910343320192313190912576902063935751034122379701867099438711;
    
    uint256 constant IC40x = 21862808053594236159081624483108915440772595477274698742655705846945038458641;
    uint256 constant IC40y = 12811543718131179092312573742570043908224281024179517233890830514135819545026;
    
    uint256 constant IC41x = 5968577085274435959745069944955989001634686756276008772556235163334147250165;
    uint256 constant IC41y = 3001074197032074218138951234853593990611803397087528537403430888907633394541;
    
    uint256 constant IC42x = 17900475546558414875119643063384601195982837037442269043692648493216840889063;
    uint256 constant IC42y = 17935993224149173795840795077507403550674239393306482083580677369371849259869;
    
 
    // Memory data
    uint16 constant pVk = 0;
    uint16 constant pPairing = 128;

    uint16 constant pLastMem = 896;

    function verifyProof(uint[2] calldata _pA, uint[2][2] calldata _pB, uint[2] calldata _pC, uint[42] calldata _pubSignals) public view returns (bool) {
        assembly {
            function checkField(v) {
                if iszero(lt(v, r)) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }
            
            // G1 function to multiply a G1 value(x,y) to value in an address
            function g1_mulAccC(pR, x, y, s) {
                let success
                let mIn := mload(0x40)
                mstore(mIn, x)
                mstore(add(mIn, 32), y)
                mstore(add(mIn, 64), s)

                success := staticcall(sub(gas(), 2000), 7, mIn, 96, mIn, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }

                mstore(add(mIn, 64), mload(pR))
                mstore(add(mIn, 96), mload(add(pR, 32)))

                success := staticcall(sub(gas(), 2000), 6, mIn, 128, pR, 64)

                if iszero(success) {
                    mstore(0, 0)
                    return(0, 0x20)
                }
            }

            function checkPairing(pA, pB, pC, pubSignals, pMem) -> isOk {
                let _pPairing := add(pMem, pPairing)
                let _pVk := add(pMem, pVk)

                mstore(_pVk, IC0x)
                mstore(add(_pVk, 32), IC0y)

                // Compute the linear combination vk_x
                
                g1_mulAccC(_pVk, IC1x, IC1y, calldataload(add(pubSignals, 0)))
                
                g1_mulAccC(_pVk, IC2x, IC2y, calldataload(add(pubSignals, 32)))
                
                g1_mulAccC(_pVk, IC3x, IC3y, calldataload(add(pubSignals, 64)))
                
                g1_mulAccC(_pVk, IC4x, IC4y, calldataload(add(pubSignals, 96)))
                
                g1_mulAccC(_pVk, IC5x, IC5y, calldataload(add(pubSignals, 128)))
                
                g1_mulAccC(_pVk, IC6x, IC6y, calldataload(add(pubSignals, 160)))
                
                g1_mulAccC(_pVk, IC7x, IC7y, calldataload(add(pubSignals, 192)))
                
                g1_mulAccC(_pVk, IC8x, IC8y, calldataload(add(pubSignals, 224)))
                
                g1_mulAccC(_pVk, IC9x, IC9y, calldataload(add(pubSignals, 256)))
                
                g1_mulAccC(_pVk, IC10x, IC10y, calldataload(add(pubSignals, 288)))
                
                g1_mulAccC(_pVk, IC11x, IC11y, calldataload(add(pubSignals, 320)))
                
                g1_mulAccC(_pVk, IC12x, IC12y, calldataload(add(pubSignals, 352)))
                
                g1_mulAccC(_pVk, IC13x, IC13y, calldataload(add(pubSignals, 384)))
                
                g1_mulAccC(_pVk, IC14x, IC14y, calldataload(add(pubSignals, 416)))
                
                g1_mulAccC(_pVk, IC15x, IC15y, calldataload(add(pubSignals, 448)))
                
                g1_mulAccC(_pVk, IC16x, IC16y, calldataload(add(pubSignals, 480)))
                
                g1_mulAccC(_pVk, IC17x, IC17y, calldataload(add(pubSignals, 512)))
                
                g1_mulAccC(_pVk, IC18x, IC18y, calldataload(add(pubSignals, 544)))
                
                g1_mulAccC(_pVk, IC19x, IC19y, calldataload(add(pubSignals, 576)))
                
                g1_mulAccC(_pVk, IC20x, IC20y, calldataload(add(pubSignals, 608)))
                
                g1_mulAccC(_pVk, IC21x, IC21y, calldataload(add(pubSignals, 640)))
                
                g1_mulAccC(_pVk, IC22x, IC22y, calldataload(add(pubSignals, 672)))
                
                g1_mulAccC(_pVk, IC23x, IC23y, calldataload(add(pubSignals, 704)))
                
                g1_mulAccC(_pVk, IC24x, IC24y, calldataload(add(pubSignals, 736)))
                
                g1_mulAccC(_pVk, IC25x, IC25y, calldataload(add(pubSignals, 768)))
                
                g1_mulAccC(_pVk, IC26x, IC26y, calldataload(add(pubSignals, 800)))
                
                g1_mulAccC(_pVk, IC27x, IC27y, calldataload(add(pubSignals, 832)))
                
                g1_mulAccC(_pVk, IC28x, IC28y, calldataload(add(pubSignals, 864)))
                
                g1_mulAccC(_pVk, IC29x, IC29y, calldataload(add(pubSignals, 896)))
                
                g1_mulAccC(_pVk, IC30x, IC30y, calldataload(add(pubSignals, 928)))
                
                g1_mulAccC(_pVk, IC31x, IC31y, calldataload(add(pubSignals, 960)))
                
                g1_mulAccC(_pVk, IC32x, IC32y, calldataload(add(pubSignals, 992)))
                
                g1_mulAccC(_pVk, IC33x, IC33y, calldataload(add(pubSignals, 1024)))
                
                g1_mulAccC(_pVk, IC34x, IC34y, calldataload(add(pubSignals, 1056)))
                
                g1_mulAccC(_pVk, IC35x, IC35y, calldataload(add(pubSignals, 1088)))
                
                g1_mulAccC(_pVk, IC36x, IC36y, calldataload(add(pubSignals, 1120)))
                
                g1_mulAccC(_pVk, IC37x, IC37y, calldataload(add(pubSignals, 1152)))
                
                g1_mulAccC(_pVk, IC38x, IC38y, calldataload(add(pubSignals, 1184)))
                
                g1_mulAccC(_pVk, IC39x, IC39y, calldataload(add(pubSignals, 1216)))
                
                g1_mulAccC(_pVk, IC40x, IC40y, calldataload(add(pubSignals, 1248)))
                
                g1_mulAccC(_pVk, IC41x, IC41y, calldataload(add(pubSignals, 1280)))
                
                g1_mulAccC(_pVk, IC42x, IC42y, calldataload(add(pubSignals, 1312)))
                

                // -A
                mstore(_pPairing, calldataload(pA))
                mstore(add(_pPairing, 32), mod(sub(q, calldataload(add(pA, 32))), q))

                // B
                mstore(add(_pPairing, 64), calldataload(pB))
                mstore(add(_pPairing, 96), calldataload(add(pB, 32)))
                mstore(add(_pPairing, 128), calldataload(add(pB, 64)))
                mstore(add(_pPairing, 160), calldataload(add(pB, 96)))

                // alpha1
                mstore(add(_pPairing, 192), alphax)
                mstore(add(_pPairing, 224), alphay)

                // beta2
                mstore(add(_pPairing, 256), betax1)
                mstore(add(_pPairing, 288), betax2)
                mstore(add(_pPairing, 320), betay1)
                mstore(add(_pPairing, 352), betay2)

                // vk_x
                mstore(add(_pPairing, 384), mload(add(pMem, pVk)))
                mstore(add(_pPairing, 416), mload(add(pMem, add(pVk, 32))))


                // gamma2
                mstore(add(_pPairing, 448), gammax1)
                mstore(add(_pPairing, 480), gammax2)
                mstore(add(_pPairing, 512), gammay1)
                mstore(add(_pPairing, 544), gammay2)

                // C
                mstore(add(_pPairing, 576), calldataload(pC))
                mstore(add(_pPairing, 608), calldataload(add(pC, 32)))

                // delta2
                mstore(add(_pPairing, 640), deltax1)
                mstore(add(_pPairing, 672), deltax2)
                mstore(add(_pPairing, 704), deltay1)
                mstore(add(_pPairing, 736), deltay2)


                let success := staticcall(sub(gas(), 2000), 8, _pPairing, 768, _pPairing, 0x20)

                isOk := and(success, mload(_pPairing))
            }

            let pMem := mload(0x40)
            mstore(0x40, add(pMem, pLastMem))

            // Validate that all evaluations ∈ F
            
            checkField(calldataload(add(_pubSignals, 0)))
            
            checkField(calldataload(add(_pubSignals, 32)))
            
            checkField(calldataload(add(_pubSignals, 64)))
            
            checkField(calldataload(add(_pubSignals, 96)))
            
            checkField(calldataload(add(_pubSignals, 128)))
            
            checkField(calldataload(add(_pubSignals, 160)))
            
            checkField(calldataload(add(_pubSignals, 192)))
            
            checkField(calldataload(add(_pubSignals, 224)))
            
            checkField(calldataload(add(_pubSignals, 256)))
            
            checkField(calldataload(add(_pubSignals, 288)))
            
            checkField(calldataload(add(_pubSignals, 320)))
            
            checkField(calldataload(add(_pubSignals, 352)))
            
            checkField(calldataload(add(_pubSignals, 384)))
            
            checkField(calldataload(add(_pubSignals, 416)))
            
            checkField(calldataload(add(_pubSignals, 448)))
            
            checkField(calldataload(add(_pubSignals, 480)))
            
            checkField(calldataload(add(_pubSignals, 512)))
            
            checkField(calldataload(add(_pubSignals, 544)))
            
            checkField(calldataload(add(_pubSignals, 576)))
            
            checkField(calldataload(add(_pubSignals, 608)))
            
            checkField(calldataload(add(_pubSignals, 640)))
            
            checkField(calldataload(add(_pubSignals, 672)))
            
            checkField(calldataload(add(_pubSignals, 704)))
            
            checkField(calldataload(add(_pubSignals, 736)))
            
            checkField(calldataload(add(_pubSignals, 768)))
            
            checkField(calldataload(add(_pubSignals, 800)))
            
            checkField(calldataload(add(_pubSignals, 832)))
            
            checkField(calldataload(add(_pubSignals, 864)))
            
            checkField(calldataload(add(_pubSignals, 896)))
            
            checkField(calldataload(add(_pubSignals, 928)))
            
            checkField(calldataload(add(_pubSignals, 960)))
            
            checkField(calldataload(add(_pubSignals, 992)))
            
            checkField(calldataload(add(_pubSignals, 1024)))
            
            checkField(calldataload(add(_pubSignals, 1056)))
            
            checkField(calldataload(add(_pubSignals, 1088)))
            
            checkField(calldataload(add(_pubSignals, 1120)))
            
            checkField(calldataload(add(_pubSignals, 1152)))
            
            checkField(calldataload(add(_pubSignals, 1184)))
            
            checkField(calldataload(add(_pubSignals, 1216)))
            
            checkField(calldataload(add(_pubSignals, 1248)))
            
            checkField(calldataload(add(_pubSignals, 1280)))
            
            checkField(calldataload(add(_pubSignals, 1312)))
            

            // Validate all evaluations
            let isValid := checkPairing(_pA, _pB, _pC, _pubSignals, pMem)

            mstore(0, isValid)
             return(0, 0x20)
         }
     }
 }
